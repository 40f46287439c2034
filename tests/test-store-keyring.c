/* test-store-keyring.c — the database key in a real keyring (gnome-keyring over a private
 * D-Bus session), and what happens when it is missing or wrong.
 *
 * Run through the test suite (build-aux/dev test), which provides the session, or by hand
 * with the recipe in TOOLCHAIN.md. Without a Secret Service the tests FAIL, on purpose: the
 * keyring path is what a real till uses and must not go untested silently.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <pwd.h>
#include <unistd.h>

#include <libsecret/secret.h>

#include "kasir-database-private.h"
#include "kasir-catalog-repository.h"
#include "store-test-util.h"

static char *keyring_problem;

/* Decides once whether this process may and can use a keyring. */
static void
probe_keyring (void)
{
  struct passwd *pw = getpwuid (getuid ());
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;

  if (pw != NULL && pw->pw_dir != NULL && g_strcmp0 (g_get_home_dir (), pw->pw_dir) == 0)
    {
      keyring_problem = g_strdup_printf ("HOME is the real home directory (%s); this test "
                                         "only runs with a throw-away HOME and keyring "
                                         "(build-aux/dev test, or the TOOLCHAIN.md recipe)",
                                         pw->pw_dir);
      return;
    }

  service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION |
                                     SECRET_SERVICE_LOAD_COLLECTIONS, NULL, &error);
  if (service == NULL)
    {
      keyring_problem = g_strdup_printf ("no Secret Service is reachable (%s); run inside "
                                         "dbus-run-session with an unlocked "
                                         "gnome-keyring-daemon (see TOOLCHAIN.md)",
                                         error->message);
      return;
    }
}

static gboolean
require_keyring (void)
{
  if (keyring_problem == NULL)
    return TRUE;

  g_printerr ("test-store-keyring: %s\n", keyring_problem);
  g_test_fail_printf ("%s", keyring_problem);
  return FALSE;
}

static void
add_products (KasirDatabase *db)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (products, store_test_product (1, "Sate Ayam Madura", 25000));
  g_ptr_array_add (products, store_test_product (2, "Es Cendol Durian", 15000));
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);
}

static void
test_create_and_reopen (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  guint8 zero[KASIR_DATABASE_KEY_SIZE] = { 0 };

  if (!require_keyring ())
    return;

  dir = store_test_tmp_dir ();
  path = g_build_filename (dir, "kasir.db", NULL);

  db = kasir_database_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  add_products (db);
  g_clear_object (&db);

  /* The key is in the keyring, random, and opens the file directly. */
  g_assert_true (kasir_key_store_lookup_database_key (path, key, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (memcmp (key, zero, sizeof key) != 0);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  g_clear_object (&db);

  db = kasir_database_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM products"), ==, 2);
  g_clear_object (&db);

  /* Two databases get two different keys. */
  {
    g_autofree char *other = g_build_filename (dir, "other.db", NULL);
    guint8 other_key[KASIR_DATABASE_KEY_SIZE];

    db = kasir_database_open (other, NULL, &error);
    g_assert_no_error (error);
    g_clear_object (&db);
    g_assert_true (kasir_key_store_lookup_database_key (other, other_key, NULL, &error));
    g_assert_true (memcmp (key, other_key, sizeof key) != 0);
    g_assert_true (kasir_key_store_clear_database_key (other, NULL, &error));
  }

  g_assert_true (kasir_key_store_clear_database_key (path, NULL, &error));
  g_assert_no_error (error);
  sodium_memzero (key, sizeof key);
  store_test_remove_tree (dir);
}

/* Finds the one "<name>.unreadable-*" file next to @path. */
static char *
find_moved (const char *path)
{
  g_autofree char *dirname = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (base, ".unreadable-", NULL);
  g_autoptr(GDir) dir = g_dir_open (dirname, 0, NULL);
  const char *name;
  char *found = NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix) && !g_str_has_suffix (name, "-wal") &&
        !g_str_has_suffix (name, "-shm"))
      {
        g_assert_null (found);
        found = g_build_filename (dirname, name, NULL);
      }

  return found;
}

static void
test_missing_key_moves_file (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *moved = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];

  if (!require_keyring ())
    return;

  dir = store_test_tmp_dir ();
  path = g_build_filename (dir, "kasir.db", NULL);

  db = kasir_database_open (path, NULL, &error);
  g_assert_no_error (error);
  add_products (db);
  g_clear_object (&db);
  g_assert_true (kasir_key_store_lookup_database_key (path, key, NULL, &error));

  /* The key disappears from the keyring (a new user profile, a wiped keyring). */
  g_assert_true (kasir_key_store_clear_database_key (path, NULL, &error));
  g_assert_no_error (error);

  db = kasir_database_open (path, NULL, &error);
  g_assert_null (db);
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NO_KEY);
  g_test_message ("%s", error->message);

  /* The file was moved, not deleted, and the message says where. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  moved = find_moved (path);
  g_assert_nonnull (moved);
  g_assert_nonnull (strstr (error->message, moved));
  g_clear_error (&error);

  /* Every byte is still there: with the old key the moved file opens with its data. */
  db = kasir_database_open_with_key (moved, key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM products"), ==, 2);
  g_clear_object (&db);

  /* The next start makes a fresh, empty database. */
  db = kasir_database_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM products"), ==, 0);
  g_clear_object (&db);

  g_assert_true (kasir_key_store_clear_database_key (path, NULL, &error));
  sodium_memzero (key, sizeof key);
  store_test_remove_tree (dir);
}

static void
test_wrong_key_moves_file (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *moved_wal = NULL;
  g_autofree char *wal = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirDatabase) holder = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  guint8 wrong[KASIR_DATABASE_KEY_SIZE];

  if (!require_keyring ())
    return;

  dir = store_test_tmp_dir ();
  path = g_build_filename (dir, "kasir.db", NULL);
  wal = g_strconcat (path, "-wal", NULL);

  db = kasir_database_open (path, NULL, &error);
  g_assert_no_error (error);
  add_products (db);
  g_assert_true (kasir_key_store_lookup_database_key (path, key, NULL, &error));

  /* Keep the data in the WAL, as after a crash: the WAL must move with the file. */
  g_assert_true (kasir_database_exec (db, "PRAGMA wal_autocheckpoint = 0", &error));
  add_products (db);
  holder = kasir_database_open_connection (db, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* Someone replaced the key in the keyring. */
  store_test_random_key (wrong);
  g_assert_true (kasir_key_store_store_database_key (path, wrong, NULL, &error));
  g_assert_no_error (error);

  g_clear_object (&db);
  db = kasir_database_open (path, NULL, &error);
  g_assert_null (db);
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_WRONG_KEY);
  g_test_message ("%s", error->message);
  moved = find_moved (path);
  g_assert_nonnull (moved);
  g_assert_nonnull (strstr (error->message, moved));
  g_clear_error (&error);
  moved_wal = g_strconcat (moved, "-wal", NULL);
  g_assert_true (g_file_test (moved_wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_clear_object (&holder);

  db = kasir_database_open_with_key (moved, key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM products"), ==, 2);
  g_assert_true (kasir_database_check_integrity (db, &error));
  g_clear_object (&db);

  g_assert_true (kasir_key_store_clear_database_key (path, NULL, &error));
  sodium_memzero (key, sizeof key);
  store_test_remove_tree (dir);
}

static void
test_terminal_token (void)
{
  g_autoptr(GError) error = NULL;
  char *token;

  if (!require_keyring ())
    return;

  token = kasir_key_store_lookup_terminal_token ("https://pos.example", 7, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (token);

  g_assert_true (kasir_key_store_store_terminal_token ("https://pos.example", 7,
                                                       "tok-7-secret", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_key_store_store_terminal_token ("https://pos.example", 8,
                                                       "tok-8-secret", NULL, &error));

  token = kasir_key_store_lookup_terminal_token ("https://pos.example", 7, NULL, &error);
  g_assert_cmpstr (token, ==, "tok-7-secret");
  kasir_key_store_free_secret (token);
  token = kasir_key_store_lookup_terminal_token ("https://other.example", 7, NULL, &error);
  g_assert_null (token);

  /* Re-enrolling replaces the token. */
  g_assert_true (kasir_key_store_store_terminal_token ("https://pos.example", 7,
                                                       "tok-7-new", NULL, &error));
  token = kasir_key_store_lookup_terminal_token ("https://pos.example", 7, NULL, &error);
  g_assert_cmpstr (token, ==, "tok-7-new");
  kasir_key_store_free_secret (token);

  g_assert_true (kasir_key_store_clear_terminal_token ("https://pos.example", 7, NULL, &error));
  token = kasir_key_store_lookup_terminal_token ("https://pos.example", 7, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (token);
  token = kasir_key_store_lookup_terminal_token ("https://pos.example", 8, NULL, &error);
  g_assert_cmpstr (token, ==, "tok-8-secret");
  kasir_key_store_free_secret (token);
  g_assert_true (kasir_key_store_clear_terminal_token ("https://pos.example", 8, NULL, &error));
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  probe_keyring ();

  g_test_add_func ("/Kasir/Store/Keyring/create-and-reopen", test_create_and_reopen);
  g_test_add_func ("/Kasir/Store/Keyring/missing-key-moves-file", test_missing_key_moves_file);
  g_test_add_func ("/Kasir/Store/Keyring/wrong-key-moves-file", test_wrong_key_moves_file);
  g_test_add_func ("/Kasir/Store/Keyring/terminal-token", test_terminal_token);

  ret = g_test_run ();
  g_free (keyring_problem);

  return ret;
}
