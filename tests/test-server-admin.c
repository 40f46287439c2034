/* test-server-admin.c — the server's administration reads, written once for both
 * backends: an enrollment code is taken once and not after it expires, a terminal's
 * token authenticates it until it is revoked, a signing key is registered once (the
 * same key again is fine, another refused), and the rows a pull reads by entity
 * (categories, staff, settings) carry their fields; the outlets and terminals are listed
 * and a second terminal of a name gets the next free one. Runs against both backends
 * (KASIR_TEST_BACKEND).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-data/server-test-util.h"

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
test_enroll_and_tokens (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  gint64 terminal_id = 0, outlet_id = 0, tid = 0, oid = 0;
  gint64 now = now_unix ();

  g_assert_true (kasir_server_store_add_enroll_code (fx->admin, 2, "code-a", now + 600, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_server_store_add_enroll_code (fx->admin, 1, "code-old", now - 1, &error));
  g_assert_no_error (error);

  g_assert_true (kasir_server_store_redeem_enroll_code (fx->admin, "code-a", "Kasir Depan", "token-a", now,
                                                        &terminal_id, &outlet_id, &name, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outlet_id, ==, 2);
  g_assert_cmpstr (name, ==, "Kasir Depan");
  g_clear_pointer (&name, g_free);

  /* Taken once; an unknown code and an expired one are refused. */
  g_assert_false (kasir_server_store_redeem_enroll_code (fx->admin, "code-a", "Lagi", "token-b", now,
                                                         &tid, &oid, &name, &error));
  g_assert_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (kasir_server_store_redeem_enroll_code (fx->admin, "no-such-code", "Lagi", "token-b", now,
                                                         &tid, &oid, &name, &error));
  g_assert_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (kasir_server_store_redeem_enroll_code (fx->admin, "code-old", "Lagi", "token-b", now,
                                                         &tid, &oid, &name, &error));
  g_assert_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_EXPIRED);
  g_clear_error (&error);

  /* The token names the terminal and its outlet until the terminal is revoked. */
  g_assert_true (kasir_server_store_authenticate (fx->admin, "token-a", &tid, &oid, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tid, ==, terminal_id);
  g_assert_cmpint (oid, ==, 2);
  g_assert_false (kasir_server_store_authenticate (fx->admin, "token-b", &tid, &oid, &error));
  g_assert_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_false (kasir_server_store_revoke_terminal (fx->admin, terminal_id + 100, &error));
  g_assert_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (kasir_server_store_revoke_terminal (fx->admin, terminal_id, &error));
  g_assert_no_error (error);
  g_assert_false (kasir_server_store_authenticate (fx->admin, "token-a", &tid, &oid, &error));
  g_assert_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_REVOKED);
  g_clear_error (&error);

  server_fixture_free (fx);
}

static void
test_signing_keys (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 2);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  gint64 outlet_id = 0;

  g_assert_false (kasir_server_store_get_signing_key (fx->admin, t->terminal_id, &outlet_id, &key, &error));
  g_assert_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (kasir_server_store_register_signing_key (fx->admin, t->terminal_id + 100, "key-a", &error));
  g_assert_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (kasir_server_store_register_signing_key (fx->admin, t->terminal_id, "key-a", &error));
  g_assert_no_error (error);
  g_assert_true (kasir_server_store_register_signing_key (fx->admin, t->terminal_id, "key-a", &error));
  g_assert_no_error (error);
  g_assert_false (kasir_server_store_register_signing_key (fx->admin, t->terminal_id, "key-b", &error));
  g_assert_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_true (kasir_server_store_get_signing_key (fx->admin, t->terminal_id, &outlet_id, &key, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outlet_id, ==, 2);
  g_assert_cmpstr (key, ==, "key-a");

  server_fixture_free (fx);
}

/* The outlets in order, the terminals with their outlets, and a second terminal of the
 * same name given the next free one. */
static void
test_listing (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 2);
  g_autoptr(TestTerminal) t2 = enroll_terminal (fx, 2);
  g_autoptr(GPtrArray) outlets = NULL;
  KasirServerStoreMetrics metrics = { 0 };
  g_autoptr(GError) error = NULL;
  KasirServerOutlet *o;
  KasirServerTerminalInfo *info;

  outlets = kasir_server_store_list_outlets (fx->admin, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outlets->len, ==, 2);
  o = g_ptr_array_index (outlets, 0);
  g_assert_cmpstr (o->name, ==, "Outlet Satu");
  o = g_ptr_array_index (outlets, 1);
  g_assert_cmpint (o->id, ==, 2);
  g_assert_cmpstr (o->name, ==, "Outlet Dua");

  g_assert_true (kasir_server_store_get_metrics (fx->admin, &metrics, &error));
  g_assert_no_error (error);
  g_assert_cmpint (metrics.open_conflicts, ==, 0);
  g_assert_cmpuint (metrics.terminals->len, ==, 2);
  info = g_ptr_array_index (metrics.terminals, 0);
  g_assert_cmpint (info->terminal_id, ==, t1->terminal_id);
  g_assert_cmpint (info->outlet_id, ==, 2);
  g_assert_cmpstr (info->name, ==, "Till");
  info = g_ptr_array_index (metrics.terminals, 1);
  g_assert_cmpint (info->terminal_id, ==, t2->terminal_id);
  g_assert_cmpstr (info->name, !=, "Till");
  g_assert_true (g_str_has_prefix (info->name, "Till"));
  g_ptr_array_unref (metrics.terminals);

  server_fixture_free (fx);
}

/* Categories, staff and settings come with their fields in a pull. */
static void
test_pulled_rows (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autoptr(KasirPullResponse) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) categories = g_string_new (NULL);
  g_autoptr(GString) staff = g_string_new (NULL);
  g_autofree char *setting = NULL;

  g_assert_true (kasir_server_store_set_setting (fx->admin, 1, "receipt.footer", "Terima kasih", &error));
  g_assert_no_error (error);
  page = pull (fx, t, 0, 500);
  g_assert_false (page->has_more);
  for (guint i = 0; i < page->changes->len; i++)
    {
      KasirChange *ch = g_ptr_array_index (page->changes, i);

      g_assert_false (ch->deleted);
      if (g_str_equal (ch->entity, "category"))
        {
          const KasirCategory *c = ch->entity_data;

          g_assert_nonnull (c);
          g_assert_false (c->archived);
          g_assert_cmpint (c->version, >=, 1);
          g_string_append_printf (categories, "%s;", c->name);
        }
      else if (g_str_equal (ch->entity, "staff"))
        {
          g_autoptr(KasirStaff) s = kasir_protocol_decode_staff (ch->data, &error);

          g_assert_no_error (error);
          g_assert_cmpint (s->outlet_id, ==, 1);
          g_assert_true (s->active);
          g_string_append_printf (staff, "%s/%s;", s->name, s->role);
        }
      else if (g_str_equal (ch->entity, "setting"))
        setting = g_strdup (json_object_get_string_member (json_node_get_object (ch->data), "value"));
    }
  g_assert_cmpstr (categories->str, ==, "Minuman;Makanan Ringan;Mi Instan;");
  g_assert_cmpstr (staff->str, ==, "Siti Rahayu/manager;Budi Santoso/cashier;Dewi Lestari/cashier;");
  g_assert_cmpstr (setting, ==, "Terima kasih");

  server_fixture_free (fx);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Server/Admin/enroll-and-tokens", test_enroll_and_tokens);
  g_test_add_func ("/Kasir/Server/Admin/signing-keys", test_signing_keys);
  g_test_add_func ("/Kasir/Server/Admin/pulled-rows", test_pulled_rows);
  g_test_add_func ("/Kasir/Server/Admin/listing", test_listing);

  return g_test_run ();
}
