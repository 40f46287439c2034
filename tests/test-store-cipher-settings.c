/* test-store-cipher-settings.c — the till's cipher settings are all another SQLCipher
 * build needs to share its files (the Flatpak builds its own SQLCipher).
 *
 * The other build here is the `sqlcipher` command-line program: a file it writes with
 * the till's key and settings opens in the till, a file the till writes opens in it, and
 * a file written with SQLCipher 3's default page size (1024) does not open: the settings
 * are what decides.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "kasir-database-private.h"
#include "store-test-util.h"

/* Runs `sqlcipher PATH` with the key, @settings (NULL: the till's) and @sql on standard
 * input (never on the command line); returns its standard output. */
static char *
run_cli (const char         *path,
         const guint8        key[KASIR_DATABASE_KEY_SIZE],
         const char * const *settings,
         const char         *sql)
{
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GString) script = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  char hex[KASIR_DATABASE_KEY_SIZE * 2 + 1];

  sodium_bin2hex (hex, sizeof hex, key, KASIR_DATABASE_KEY_SIZE);
  g_string_append_printf (script, "PRAGMA key = \"x'%s'\";\n", hex);
  for (const char * const *s = settings != NULL ? settings : kasir_database_cipher_settings ();
       *s != NULL; s++)
    g_string_append_printf (script, "%s;\n", *s);
  g_string_append (script, sql);
  cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                          G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, "sqlcipher", "-batch", path, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (cli, script->str, NULL, &out, &err, &error));
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("sqlcipher: %s", err);
  return g_steal_pointer (&out);
}

static void
test_other_build_to_till (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-cipher-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "written-elsewhere.db", NULL);
  g_autofree char *out = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  gint64 rows = 0;

  g_assert_no_error (error);
  randombytes_buf (key, sizeof key);
  out = run_cli (path, key, NULL,
                 "CREATE TABLE elsewhere (name TEXT);\n"
                 "INSERT INTO elsewhere VALUES ('Kopi Susu'), ('Teh Manis');\n");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  g_assert_true (kasir_database_query_int64 (db, "SELECT count(*) FROM elsewhere", &rows, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rows, ==, 2);
  g_assert_cmpint (kasir_database_get_schema_version (db), ==, kasir_database_get_latest_version ());

  g_clear_object (&db);
  store_test_remove_tree (dir);
}

static void
test_till_to_other_build (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-cipher-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "till.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];

  g_assert_no_error (error);
  randombytes_buf (key, sizeof key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  g_clear_object (&db);

  out = run_cli (path, key, NULL, "PRAGMA user_version;\n");
  expected = g_strdup_printf ("%d\n", kasir_database_get_latest_version ());
  g_assert_cmpstr (out, ==, expected);

  store_test_remove_tree (dir);
}

static void
test_other_settings_refused (void)
{
  static const char * const defaults[] = { "PRAGMA cipher_page_size = 1024", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-cipher-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "other-settings.db", NULL);
  g_autofree char *out = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];

  g_assert_no_error (error);
  randombytes_buf (key, sizeof key);
  out = run_cli (path, key, defaults, "CREATE TABLE elsewhere (name TEXT);\n");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  db = kasir_database_open_with_key (path, key, &error);
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_WRONG_KEY);
  g_assert_null (db);

  store_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  g_test_add_func ("/Kasir/Store/Cipher/other-build-to-till", test_other_build_to_till);
  g_test_add_func ("/Kasir/Store/Cipher/till-to-other-build", test_till_to_other_build);
  g_test_add_func ("/Kasir/Store/Cipher/other-settings-refused", test_other_settings_refused);
  return g_test_run ();
}
