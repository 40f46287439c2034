/* test-server-settings.c — an outlet's settings, set on the server (as
 * 'kasir-server set-setting' does), reach that outlet's tills through pull and land in
 * the till's settings repository under their own names; another outlet's never do; a
 * name outside the shop-wide ones is not written on the till; bad names and values are
 * refused and change nothing. Runs against both backends (KASIR_TEST_BACKEND).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-data/server-test-util.h"
#include "sync-test-util.h"

#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-sync-repository.h"

/* Pulls every page from @cursor, applies each to @db, and returns the new cursor; the
 * "setting" changes seen are counted by id in @seen (may be NULL). */
static gint64
pull_into (ServerFixture *fx,
           TestTerminal  *t,
           KasirDatabase *db,
           gint64         cursor,
           GHashTable    *seen)
{
  gboolean more = TRUE;

  while (more)
    {
      g_autoptr(KasirPullResponse) page = pull (fx, t, cursor, 500);
      g_autoptr(GError) error = NULL;
      guint n, conflicts;

      for (guint i = 0; seen != NULL && i < page->changes->len; i++)
        {
          KasirChange *ch = g_ptr_array_index (page->changes, i);

          if (g_str_equal (ch->entity, "setting"))
            g_hash_table_add (seen, g_strdup (ch->id));
        }
      g_assert_true (kasir_sync_repository_apply_pull (db, page, &n, &conflicts, &error));
      g_assert_no_error (error);
      cursor = page->cursor;
      more = page->has_more;
    }
  return cursor;
}

static char *
till_setting (KasirDatabase *db,
              const char    *key)
{
  g_autoptr(KasirSettingsRepository) settings = kasir_settings_repository_new (db);
  g_autoptr(GError) error = NULL;
  char *value = kasir_settings_repository_get_string (settings, key, &error);

  g_assert_no_error (error);
  return value;
}

static void
set_ok (ServerFixture *fx,
        gint64         outlet,
        const char    *key,
        const char    *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kasir_server_store_set_setting (fx->admin, outlet, key, value, &error));
  g_assert_no_error (error);
}

static void
test_settings_pulled (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 1);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-server-settings-XXXXXX", &error);
  g_autoptr(KasirDatabase) db = NULL;
  g_autofree char *value = NULL;
  gint64 cursor;

  g_assert_no_error (error);
  db = sync_test_terminal_db (dir, "till.db", NULL);

  set_ok (fx, 1, KASIR_SETTING_LOYALTY_EARN_PER, "10000");
  set_ok (fx, 1, KASIR_SETTING_RECEIPT_FOOTER, "Terima kasih, sampai jumpa lagi");
  /* The server takes any well-formed name; the till writes only shop-wide ones. */
  set_ok (fx, 1, "pin-lock.1.failed", "0");
  set_ok (fx, 2, KASIR_SETTING_RECEIPT_FOOTER, "Outlet two");

  /* Bad input is refused and changes nothing. */
  g_assert_false (kasir_server_store_set_setting (fx->admin, 1, "Loyalty Rule", "1", &error));
  g_assert_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kasir_server_store_set_setting (fx->admin, 1, KASIR_SETTING_SHOP_NAME, "\xff\xfe", &error));
  g_assert_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kasir_server_store_set_setting (fx->admin, 99, KASIR_SETTING_SHOP_NAME, "x", &error));
  g_assert_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  cursor = pull_into (fx, t1, db, 0, seen);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 3);
  g_assert_true (g_hash_table_contains (seen, "1:" KASIR_SETTING_LOYALTY_EARN_PER));
  g_assert_true (g_hash_table_contains (seen, "1:" KASIR_SETTING_RECEIPT_FOOTER));
  g_assert_false (g_hash_table_contains (seen, "2:" KASIR_SETTING_RECEIPT_FOOTER));
  g_assert_false (g_hash_table_contains (seen, "1:Loyalty Rule"));

  value = till_setting (db, KASIR_SETTING_LOYALTY_EARN_PER);
  g_assert_cmpstr (value, ==, "10000");
  g_clear_pointer (&value, g_free);
  value = till_setting (db, KASIR_SETTING_RECEIPT_FOOTER);
  g_assert_cmpstr (value, ==, "Terima kasih, sampai jumpa lagi");
  g_clear_pointer (&value, g_free);
  value = till_setting (db, "pin-lock.1.failed");
  g_assert_null (value);

  /* A change (through the command line, as an owner does it) and a removal travel with
   * the next pull. */
  {
    g_autofree char *tool = sync_test_build_path ("src/server/kasir-server");
    const char *argv[] = { tool, "set-setting", "--db", fx->db_path, "--outlet", "1",
                           KASIR_SETTING_LOYALTY_EARN_PER, "5000", NULL };
    g_autofree char *out = sync_test_run_tool (argv);
  }
  set_ok (fx, 1, KASIR_SETTING_RECEIPT_FOOTER, NULL);
  g_hash_table_remove_all (seen);
  pull_into (fx, t1, db, cursor, seen);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 2);
  value = till_setting (db, KASIR_SETTING_LOYALTY_EARN_PER);
  g_assert_cmpstr (value, ==, "5000");
  g_clear_pointer (&value, g_free);
  value = till_setting (db, KASIR_SETTING_RECEIPT_FOOTER);
  g_assert_null (value);

  g_clear_object (&db);
  sync_test_remove_tree (dir);
  server_fixture_free (fx);
}

/* Only shop-wide names are written on a till, by their namespace. */
static void
test_shop_wide_names (void)
{
  g_assert_true (kasir_setting_key_is_shop_wide (KASIR_SETTING_SHOP_NAME));
  g_assert_true (kasir_setting_key_is_shop_wide (KASIR_SETTING_LOYALTY_POINT_VALUE));
  g_assert_true (kasir_setting_key_is_shop_wide (KASIR_SETTING_APPROVAL_HOLD_SECONDS));
  g_assert_false (kasir_setting_key_is_shop_wide ("pin-lock.3.failed"));
  g_assert_false (kasir_setting_key_is_shop_wide ("sync.cursor"));
  g_assert_false (kasir_setting_key_is_shop_wide ("shop."));
  g_assert_false (kasir_setting_key_is_shop_wide (""));
  g_assert_false (kasir_setting_key_is_shop_wide (NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/Server/Settings/pulled", test_settings_pulled);
  g_test_add_func ("/Kasir/Server/Settings/shop-wide-names", test_shop_wide_names);
  return g_test_run ();
}
