/* test-store-held.c — held carts: hold, list, recall, bad input, and a till killed while
 * holding and recalling.
 *
 * The kill cases run this binary as a child ("--hold-child PATH MODE") on the same
 * encrypted database; the key reaches it on stdin, never on the command line. The
 * parent kills it with SIGKILL, opens the database again as a restarted till would,
 * recalls the held cart and pays it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <signal.h>

#include "kasir-cart.h"
#include "kasir-cart-repository.h"
#include "kasir-held-cart-repository.h"
#include "kasir-sales-repository.h"
#include "store-test-util.h"

#define RANDOM_KILLS 40

static char *self_path;

/* Two lines: 2 x Kopi Susu Gula Aren at 18,000 and 1 x Roti Bakar at 12,500. */
static KasirCart *
make_cart (void)
{
  g_autoptr(KasirProduct) kopi = store_test_product (1, "Kopi Susu Gula Aren", 18000);
  g_autoptr(KasirProduct) roti = store_test_product (2, "Roti Bakar", 12500);
  KasirCart *cart = kasir_cart_new ("IDR", TRUE);

  kasir_cart_add_product (cart, kopi, 2);
  kasir_cart_add_product (cart, roti, 1);
  g_assert_true (kasir_cart_compute (cart, NULL));

  return cart;
}

static void
assert_same_cart (const KasirCart *a,
                  const KasirCart *b)
{
  g_assert_cmpuint (a->lines->len, ==, b->lines->len);
  for (guint i = 0; i < a->lines->len; i++)
    {
      const KasirCartLine *x = a->lines->pdata[i];
      const KasirCartLine *y = b->lines->pdata[i];

      g_assert_cmpint (x->product_id, ==, y->product_id);
      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpint (x->qty, ==, y->qty);
      g_assert_cmpint (x->unit_price, ==, y->unit_price);
      g_assert_cmpint (x->price_version, ==, y->price_version);
    }
  g_assert_cmpint (a->total, ==, b->total);
  g_assert_cmpint (a->tax, ==, b->tax);
}

static KasirDatabase *
open_db (const char   *path,
         const guint8 *key)
{
  g_autoptr(GError) error = NULL;
  KasirDatabase *db = kasir_database_open_with_key (path, key, &error);

  g_assert_no_error (error);
  return db;
}

/* Recalls @id, pays it in cash and checks the sale holds the cart's lines. */
static void
recall_and_pay (KasirDatabase   *db,
                gint64           id,
                const KasirCart *expected)
{
  g_autoptr(KasirHeldCartRepository) held = kasir_held_cart_repository_new (db);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(KasirCartRepository) carts = kasir_cart_repository_new (db);
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirCart) cart = NULL;
  g_autoptr(KasirCart) saved = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(KasirSale) stored = NULL;
  g_autoptr(GError) error = NULL;

  cart = kasir_held_cart_repository_recall (held, id, &error);
  g_assert_no_error (error);
  g_assert_true (kasir_cart_compute (cart, &error));
  assert_same_cart (cart, expected);
  /* The recalled cart is the current cart now: a crash from here keeps it there. */
  saved = kasir_cart_repository_load (carts, &error);
  g_assert_no_error (error);
  g_assert_true (kasir_cart_compute (saved, &error));
  assert_same_cart (saved, expected);

  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, 50000));
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  sale->staff_id = 3;
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  stored = kasir_sales_repository_get_by_receipt (sales, sale->receipt_no, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->lines->len, ==, expected->lines->len);
  g_assert_cmpint (stored->total, ==, expected->total);
  g_assert_cmpint (stored->tax, ==, expected->tax);
  g_assert_cmpint (stored->change, ==, 50000 - expected->total);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM cart"), ==, 0);
}

static void
test_hold_and_recall (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirHeldCartRepository) held = NULL;
  g_autoptr(KasirCartRepository) carts = NULL;
  g_autoptr(KasirCart) cart = make_cart ();
  g_autoptr(KasirCart) other = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  KasirHeldCart *first;
  gint64 id, id2, n = -1;

  store_test_random_key (key);
  db = open_db (path, key);
  held = kasir_held_cart_repository_new (db);
  carts = kasir_cart_repository_new (db);

  g_assert_true (kasir_cart_repository_save (carts, cart, &error));
  id = kasir_held_cart_repository_hold (held, cart, "  Meja 4  ", 3, "Sari", "shift-a", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  /* Holding empties the current cart in the same transaction. */
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM cart"), ==, 0);

  other = make_cart ();
  kasir_cart_remove_line (other, 0);
  g_assert_true (kasir_cart_compute (other, NULL));
  id2 = kasir_held_cart_repository_hold (held, other, NULL, 5, "Budi", "shift-b", &error);
  g_assert_no_error (error);

  list = kasir_held_cart_repository_list (held, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  first = list->pdata[0];
  g_assert_cmpint (first->id, ==, id);
  g_assert_cmpstr (first->label, ==, "Meja 4");
  g_assert_cmpstr (first->staff_name, ==, "Sari");
  g_assert_cmpint (first->staff_id, ==, 3);
  g_assert_cmpstr (first->shift_id, ==, "shift-a");
  g_assert_cmpint (first->total, ==, 2 * 18000 + 12500);
  g_assert_cmpint (first->n_items, ==, 3);
  g_assert_nonnull (first->held_at);
  g_assert_cmpstr (((KasirHeldCart *) list->pdata[1])->label, ==, "");

  /* At the close of shift-b, the cart held in shift-a is left from an earlier shift. */
  g_assert_true (kasir_held_cart_repository_count (held, "shift-b", &n, &error));
  g_assert_cmpint (n, ==, 1);
  g_assert_true (kasir_held_cart_repository_count (held, NULL, &n, &error));
  g_assert_cmpint (n, ==, 2);

  recall_and_pay (db, id, cart);
  g_assert_true (kasir_held_cart_repository_count (held, NULL, &n, &error));
  g_assert_cmpint (n, ==, 1);
  recall_and_pay (db, id2, other);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM held_carts"), ==, 0);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sales"), ==, 2);

  g_clear_object (&held);
  g_clear_object (&carts);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

static void
test_bad_input (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirHeldCartRepository) held = NULL;
  g_autoptr(KasirCartRepository) carts = NULL;
  g_autoptr(KasirCart) cart = make_cart ();
  g_autoptr(KasirCart) empty = kasir_cart_new ("IDR", TRUE);
  g_autoptr(KasirCart) back = NULL;
  g_autofree char *long_label = g_strnfill (61, 'x');
  g_autoptr(GError) error = NULL;
  gint64 id;

  store_test_random_key (key);
  db = open_db (path, key);
  held = kasir_held_cart_repository_new (db);
  carts = kasir_cart_repository_new (db);
  g_assert_true (kasir_cart_repository_save (carts, cart, &error));

  g_assert_cmpint (kasir_held_cart_repository_hold (held, empty, NULL, 3, "Sari", NULL, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_cmpint (kasir_held_cart_repository_hold (held, cart, long_label, 3, "Sari", NULL, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_TOO_LONG);
  g_clear_error (&error);
  /* Nothing changed: the current cart is still saved, nothing held. */
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM held_carts"), ==, 0);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM cart"), ==, 1);

  id = kasir_held_cart_repository_hold (held, cart, "Bu Ani", 3, "Sari", NULL, &error);
  g_assert_no_error (error);

  /* A sale in progress is never replaced by a recall. */
  g_assert_true (kasir_cart_repository_save (carts, cart, &error));
  g_assert_null (kasir_held_cart_repository_recall (held, id, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM held_carts"), ==, 1);

  /* An empty current cart (a cleared one) is no obstacle; an unknown id is refused. */
  g_assert_true (kasir_cart_repository_save (carts, empty, &error));
  g_assert_null (kasir_held_cart_repository_recall (held, id + 100, &error));
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A held cart that no longer reads stays held, for inspection. */
  g_assert_true (kasir_database_exec (db, "UPDATE held_carts SET json = '{\"lines\": 5}'", &error));
  g_assert_null (kasir_held_cart_repository_recall (held, id, &error));
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM held_carts"), ==, 1);
  back = kasir_cart_repository_load (carts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->lines->len, ==, 0);

  g_clear_object (&held);
  g_clear_object (&carts);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

/* ---- A till killed ---- */

/* MODE "hold": saves the cart as the selling view does, holds it, starts the next
 * customer's cart, says "held ID" and waits to be killed.
 * MODE "loop": holds and recalls the same cart over and over, saying "ready" first. */
static int
run_child (const char *path,
           const char *mode)
{
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirHeldCartRepository) held = NULL;
  g_autoptr(KasirCartRepository) carts = NULL;
  g_autoptr(KasirCart) cart = make_cart ();
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  char hex[KASIR_DATABASE_KEY_SIZE * 2 + 2];
  gsize len = 0;

  if (fgets (hex, sizeof hex, stdin) == NULL ||
      sodium_hex2bin (key, sizeof key, hex, KASIR_DATABASE_KEY_SIZE * 2, NULL, &len, NULL) != 0 ||
      len != sizeof key)
    return 2;
  sodium_memzero (hex, sizeof hex);
  db = kasir_database_open_with_key (path, key, &error);
  sodium_memzero (key, sizeof key);
  if (db == NULL)
    return 3;
  held = kasir_held_cart_repository_new (db);
  carts = kasir_cart_repository_new (db);

  if (g_strcmp0 (mode, "hold") == 0)
    {
      g_autoptr(KasirProduct) teh = store_test_product (3, "Teh Manis", 8000);
      g_autoptr(KasirCart) next = kasir_cart_new ("IDR", TRUE);
      gint64 id;

      if (!kasir_cart_repository_save (carts, cart, &error))
        return 4;
      id = kasir_held_cart_repository_hold (held, cart, "Meja 7", 3, "Sari", "shift-1", &error);
      if (id == 0)
        return 5;
      kasir_cart_add_product (next, teh, 1);
      if (!kasir_cart_compute (next, NULL) || !kasir_cart_repository_save (carts, next, &error))
        return 6;
      printf ("held %" G_GINT64_FORMAT "\n", id);
      fflush (stdout);
      for (;;)
        g_usleep (G_USEC_PER_SEC);
    }

  if (!kasir_cart_repository_save (carts, cart, &error))
    return 4;
  printf ("ready\n");
  fflush (stdout);
  for (;;)
    {
      g_autoptr(KasirCart) back = NULL;
      gint64 id = kasir_held_cart_repository_hold (held, cart, "Meja 7", 3, "Sari", NULL, &error);

      if (id == 0)
        return 5;
      back = kasir_held_cart_repository_recall (held, id, &error);
      if (back == NULL)
        return 6;
    }
}

static GSubprocess *
start_child (const char  *path,
             const char  *mode,
             const char  *hex,
             char       **first_line)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) reader = NULL;
  const char *argv[] = { self_path, "--hold-child", path, mode, NULL };
  GSubprocess *child;
  GOutputStream *in;

  child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  in = g_subprocess_get_stdin_pipe (child);
  g_assert_true (g_output_stream_write_all (in, hex, strlen (hex), NULL, NULL, &error));
  g_output_stream_close (in, NULL, NULL);
  reader = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  *first_line = g_data_input_stream_read_line (reader, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*first_line);

  return child;
}

static void
kill_child (GSubprocess *child)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
}

static void
key_hex (const guint8 *key,
         char         *hex)
{
  sodium_bin2hex (hex, KASIR_DATABASE_KEY_SIZE * 2 + 1, key, KASIR_DATABASE_KEY_SIZE);
  hex[KASIR_DATABASE_KEY_SIZE * 2] = '\n';
  hex[KASIR_DATABASE_KEY_SIZE * 2 + 1] = '\0';
}

/* Hold → kill the till → restart → recall → pay: the held cart is intact, and the next
 * customer's cart the till had started is still the current one. */
static void
test_hold_kill_recall_pay (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autofree char *line = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(KasirHeldCartRepository) held = NULL;
  g_autoptr(KasirCartRepository) carts = NULL;
  g_autoptr(KasirCart) expected = make_cart ();
  g_autoptr(KasirCart) current = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  char hex[KASIR_DATABASE_KEY_SIZE * 2 + 2];
  gint64 id;

  store_test_random_key (key);
  key_hex (key, hex);
  g_clear_object (&db);
  db = open_db (path, key);
  g_clear_object (&db);

  child = start_child (path, "hold", hex, &line);
  g_assert_true (g_str_has_prefix (line, "held "));
  id = g_ascii_strtoll (line + 5, NULL, 10);
  kill_child (child);

  db = open_db (path, key);
  g_assert_true (kasir_database_check_integrity (db, &error));
  held = kasir_held_cart_repository_new (db);
  carts = kasir_cart_repository_new (db);
  list = kasir_held_cart_repository_list (held, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((KasirHeldCart *) list->pdata[0])->id, ==, id);
  g_assert_cmpstr (((KasirHeldCart *) list->pdata[0])->label, ==, "Meja 7");
  g_assert_cmpint (((KasirHeldCart *) list->pdata[0])->total, ==, expected->total);

  /* The next customer's sale is in progress: it goes first (cleared here, as paying it
   * would), then the held one comes back. */
  current = kasir_cart_repository_load (carts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (current->lines->len, ==, 1);
  g_assert_null (kasir_held_cart_repository_recall (held, id, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (kasir_cart_repository_clear (carts, &error));

  recall_and_pay (db, id, expected);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM held_carts"), ==, 0);

  g_clear_object (&held);
  g_clear_object (&carts);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

/* Killed at random moments while holding and recalling: the cart is always in exactly
 * one place, whole. */
static void
test_kill_while_holding (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autoptr(KasirCart) expected = make_cart ();
  g_autoptr(KasirDatabase) db = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  char hex[KASIR_DATABASE_KEY_SIZE * 2 + 2];
  guint in_held = 0, in_current = 0;

  store_test_random_key (key);
  key_hex (key, hex);
  db = open_db (path, key);
  g_clear_object (&db);

  for (guint round = 0; round < RANDOM_KILLS; round++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autofree char *line = NULL;
      g_autoptr(KasirHeldCartRepository) held = NULL;
      g_autoptr(KasirCartRepository) carts = NULL;
      g_autoptr(KasirCart) current = NULL;
      g_autoptr(GPtrArray) list = NULL;
      g_autoptr(GError) error = NULL;

      child = start_child (path, "loop", hex, &line);
      g_assert_cmpstr (line, ==, "ready");
      g_usleep (g_test_rand_int_range (1000, 60000));
      kill_child (child);

      db = open_db (path, key);
      held = kasir_held_cart_repository_new (db);
      carts = kasir_cart_repository_new (db);
      list = kasir_held_cart_repository_list (held, &error);
      g_assert_no_error (error);
      current = kasir_cart_repository_load (carts, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (list->len + (current != NULL ? 1 : 0), ==, 1);
      if (list->len == 1)
        {
          g_autoptr(KasirCart) back = kasir_held_cart_repository_recall (held, ((KasirHeldCart *) list->pdata[0])->id, &error);

          g_assert_no_error (error);
          g_assert_true (kasir_cart_compute (back, NULL));
          assert_same_cart (back, expected);
          in_held++;
        }
      else
        {
          g_assert_true (kasir_cart_compute (current, NULL));
          assert_same_cart (current, expected);
          in_current++;
        }
      g_clear_object (&held);
      g_clear_object (&carts);
      g_clear_object (&db);
    }
  g_test_message ("killed %u times: %u with the cart held, %u with it current",
                  RANDOM_KILLS, in_held, in_current);

  store_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_strcmp0 (argv[1], "--hold-child") == 0)
    return run_child (argv[2], argv[3]);

  self_path = argv[0];
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Store/Held/hold-and-recall", test_hold_and_recall);
  g_test_add_func ("/Kasir/Store/Held/bad-input", test_bad_input);
  g_test_add_func ("/Kasir/Store/Held/hold-kill-recall-pay", test_hold_kill_recall_pay);
  g_test_add_func ("/Kasir/Store/Held/kill-while-holding", test_kill_while_holding);

  return g_test_run ();
}
