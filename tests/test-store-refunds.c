/* test-store-refunds.c — refunds offline, against a real SQLCipher database: never more
 * than was sold minus what was given back, money that adds up to the line totals, one
 * transaction with its outbox row, and bad input that changes nothing.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-database-private.h"
#include "kasir-input-error.h"
#include "kasir-refund-repository.h"
#include "kasir-sales-repository.h"
#include "kasir-shift-repository.h"
#include "store-test-util.h"

typedef struct
{
  char                  *dir;
  KasirDatabase         *db;
  KasirSalesRepository  *sales;
  KasirRefundRepository *refunds;
  KasirSale             *sale;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];

  f->dir = store_test_tmp_dir ();
  path = g_build_filename (f->dir, "till.db", NULL);
  store_test_random_key (key);
  f->db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  f->sales = kasir_sales_repository_new (f->db);
  f->refunds = kasir_refund_repository_new (f->db);
  /* Lines: 1 × 1,500; 2 × 2,500; 3 × 3,500 (10,500), one payment in cash. */
  f->sale = store_test_sale (3, 1);
  g_assert_true (kasir_sales_repository_commit_sale (f->sales, f->sale, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->sale, kasir_sale_free);
  g_clear_object (&f->refunds);
  g_clear_object (&f->sales);
  g_clear_object (&f->db);
  store_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return store_test_query (f->db, sql);
}

/* Two refunds of parts of line 3 give back exactly its total; a third is refused. */
static void
test_partial_refunds (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirRefund) first = NULL;
  g_autoptr(KasirRefund) second = NULL;
  g_autoptr(KasirRefund) third = NULL;
  g_autoptr(GArray) returned = NULL;
  KasirRefundPick pick = { 3, 1, FALSE };
  KasirMoney total;
  gint64 outbox_before = count (f, "SELECT COUNT(*) FROM outbox");

  first = kasir_refund_repository_commit (f->refunds, f->sale, &pick, 1, NULL, "rusak", 3, 0,
                                          NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->total, ==, 3500);
  g_assert_cmpuint (first->payments->len, ==, 1);
  g_assert_cmpint (((KasirPayment *) first->payments->pdata[0])->method, ==, KASIR_PAYMENT_CASH);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM outbox WHERE type = 'sale.refund'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM outbox"), ==, outbox_before + 1);

  pick.qty = 2;
  pick.write_off = TRUE;
  second = kasir_refund_repository_commit (f->refunds, f->sale, &pick, 1, NULL, "", 3, 7, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->total, ==, 7000);
  g_assert_cmpint (second->approved_by, ==, 7);
  g_assert_cmpint (((KasirRefundLine *) second->lines->pdata[0])->write_off, ==, 1);

  returned = kasir_refund_repository_returned_qty (f->refunds, f->sale, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (returned, gint64, 0), ==, 0);
  g_assert_cmpint (g_array_index (returned, gint64, 2), ==, 3);
  g_assert_true (kasir_refund_repository_refunded_total (f->refunds, f->sale->sale_id, &total, &error));
  g_assert_cmpint (total, ==, 10500);

  /* Line 3 is all given back: a second refund of it is refused and writes nothing. */
  pick.qty = 1;
  third = kasir_refund_repository_commit (f->refunds, f->sale, &pick, 1, NULL, "", 3, 0, NULL, &error);
  g_assert_null (third);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE);
  g_assert_nonnull (strstr (error->message, "Only 0 of"));
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM refunds"), ==, 2);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM outbox WHERE type = 'sale.refund'"), ==, 2);
}

/* A part of a line whose total does not divide evenly: the parts add up to the total. */
static void
test_parts_add_up (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirSale) sale = kasir_sale_new ();
  KasirSaleLine *line = kasir_sale_line_new ();
  KasirMoney sum = 0;

  g_strlcpy (sale->currency, "IDR", sizeof sale->currency);
  sale->tax_inclusive = TRUE;
  line->product_id = 1;
  line->name = g_strdup ("Kopi");
  line->qty = 3;
  line->unit_price = 1000;
  line->price_version = 1;
  line->tax_rate_bp = 1100;
  line->discount = 1;
  line->total = 2999;
  g_assert_true (kasir_tax_included (line->total, line->tax_rate_bp, &line->tax));
  sale->subtotal = sale->total = line->total;
  sale->tax = line->tax;
  g_ptr_array_add (sale->lines, line);
  g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_CARD, sale->total));
  g_assert_true (kasir_sales_repository_commit_sale (f->sales, sale, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    {
      KasirRefundPick pick = { 1, 1, FALSE };
      g_autoptr(KasirRefund) refund = NULL;

      refund = kasir_refund_repository_commit (f->refunds, sale, &pick, 1, NULL, "", 3, 0, NULL, &error);
      g_assert_no_error (error);
      /* The sale's one method takes the money back. */
      g_assert_cmpint (((KasirPayment *) refund->payments->pdata[0])->method, ==, KASIR_PAYMENT_CARD);
      g_assert_cmpint (refund->total, ==, i < 2 ? 999 : 1001);
      sum += refund->total;
    }
  g_assert_cmpint (sum, ==, 2999);
}

/* Bad input gets a clear error and changes nothing. */
static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  KasirRefundPick zero = { 1, 0, FALSE };
  KasirRefundPick negative = { 1, -1, FALSE };
  KasirRefundPick too_many = { 2, 3, FALSE };
  KasirRefundPick unknown = { 9, 1, FALSE };
  KasirRefundPick twice[] = { { 2, 1, FALSE }, { 2, 1, FALSE } };
  KasirRefundPick ok = { 1, 1, FALSE };
  g_autoptr(GPtrArray) short_pay = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  struct { const KasirRefundPick *picks; guint n; GPtrArray *pay; int code; } cases[] = {
    { &zero, 1, NULL, KASIR_INPUT_ERROR_OUT_OF_RANGE },
    { &negative, 1, NULL, KASIR_INPUT_ERROR_OUT_OF_RANGE },
    { &too_many, 1, NULL, KASIR_INPUT_ERROR_OUT_OF_RANGE },
    { &unknown, 1, NULL, KASIR_INPUT_ERROR_INVALID },
    { twice, 2, NULL, KASIR_INPUT_ERROR_INVALID },
    { &ok, 0, NULL, KASIR_INPUT_ERROR_REQUIRED },
    { &ok, 1, short_pay, KASIR_INPUT_ERROR_INVALID },
  };
  gint64 outbox_before = count (f, "SELECT COUNT(*) FROM outbox");

  g_ptr_array_add (short_pay, kasir_payment_new (KASIR_PAYMENT_CASH, 1000));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KasirRefund) refund = NULL;

      refund = kasir_refund_repository_commit (f->refunds, f->sale, cases[i].picks, cases[i].n,
                                               cases[i].pay, "", 3, 0, NULL, &error);
      g_assert_null (refund);
      g_assert_error (error, KASIR_INPUT_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, !=, "");
    }
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM refunds"), ==, 0);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM refund_lines"), ==, 0);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM outbox"), ==, outbox_before);

  /* A split the caller gives is kept as given. */
  {
    g_autoptr(GPtrArray) split = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
    g_autoptr(KasirRefund) refund = NULL;
    g_autoptr(GError) error = NULL;

    g_ptr_array_add (split, kasir_payment_new (KASIR_PAYMENT_CASH, 1000));
    g_ptr_array_add (split, kasir_payment_new (KASIR_PAYMENT_CARD, 500));
    refund = kasir_refund_repository_commit (f->refunds, f->sale, &ok, 1, split, "", 3, 0, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (refund->payments->len, ==, 2);
    g_assert_cmpint (count (f, "SELECT COUNT(*) FROM refund_payments"), ==, 2);
  }
}

/* A refund in a shift leaves the drawer: the expected cash at close counts it. */
static void
test_shift_expected (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirShiftRepository) shifts = kasir_shift_repository_new (f->db);
  g_autoptr(KasirShift) shift = kasir_shift_repository_open_shift (shifts, 3, 100000, &error);
  g_autoptr(KasirSale) sale = store_test_sale (2, 1);
  g_autoptr(KasirRefund) refund = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  KasirRefundPick pick = { 2, 1, FALSE };

  g_assert_no_error (error);
  sale->shift_id = g_strdup (shift->id);
  g_assert_true (kasir_sales_repository_commit_sale (f->sales, sale, &error));
  g_assert_no_error (error);
  refund = kasir_refund_repository_commit (f->refunds, sale, &pick, 1, NULL, "", 3, 0, shift->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (refund->total, ==, 2500);

  expected = kasir_shift_repository_expected (shifts, shift->id, &error);
  g_assert_no_error (error);
  /* Float 100,000 + the sale's 6,500 in cash - 2,500 given back. */
  g_assert_cmpint (((KasirPayment *) expected->pdata[0])->amount, ==, 100000 + sale->total - 2500);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/Kasir/Store/Refunds/partial-refunds", Fixture, NULL, fixture_set_up,
              test_partial_refunds, fixture_tear_down);
  g_test_add ("/Kasir/Store/Refunds/parts-add-up", Fixture, NULL, fixture_set_up,
              test_parts_add_up, fixture_tear_down);
  g_test_add ("/Kasir/Store/Refunds/bad-input", Fixture, NULL, fixture_set_up,
              test_bad_input, fixture_tear_down);
  g_test_add ("/Kasir/Store/Refunds/shift-expected", Fixture, NULL, fixture_set_up,
              test_shift_expected, fixture_tear_down);

  return g_test_run ();
}
