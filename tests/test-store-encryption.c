/* test-store-encryption.c — the database file is unreadable without its key.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* memmem */

#include "kasir-database-private.h"
#include "kasir-catalog-repository.h"
#include "kasir-sales-repository.h"
#include "store-test-util.h"

static const char * const secret_names[] = {
  "Rendang Sapi Rahasia Bunda",
  "Kopi Luwak Istimewa Kintamani",
  "Keripik Balado Pedas Mantap",
};

static gboolean
bytes_contain (GBytes     *bytes,
               const char *needle)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  return len > 0 && memmem (data, len, needle, strlen (needle)) != NULL;
}

/* Every file that belongs to the database (main file, WAL, shared memory index) must be
 * free of any text we wrote. */
static void
assert_no_plain_text (const char *path,
                      const char *receipt_no)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  guint checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_autoptr(GMappedFile) map = NULL;
      g_autoptr(GBytes) bytes = NULL;

      if (!g_file_test (file, G_FILE_TEST_EXISTS))
        continue;
      map = g_mapped_file_new (file, FALSE, NULL);
      g_assert_nonnull (map);
      bytes = g_mapped_file_get_bytes (map);
      if (g_bytes_get_size (bytes) == 0)
        continue;
      checked++;

      for (guint n = 0; n < G_N_ELEMENTS (secret_names); n++)
        g_assert_false (bytes_contain (bytes, secret_names[n]));
      g_assert_false (bytes_contain (bytes, receipt_no));
      g_assert_false (bytes_contain (bytes, "Barang nomor"));
      g_assert_false (bytes_contain (bytes, "SQLite format 3"));
      g_assert_false (bytes_contain (bytes, "CREATE TABLE"));
    }
  g_assert_cmpuint (checked, >=, 1);
}

static void
write_data (KasirDatabase  *db,
            char          **receipt_no)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(KasirSale) sale = store_test_sale (3, 2);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (secret_names); i++)
    g_ptr_array_add (products, store_test_product (i + 1, secret_names[i], 25000));
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  *receipt_no = g_strdup (sale->receipt_no);
}

/* Runs a program with @input on stdin; returns whether it exited 0, and its output. */
static gboolean
run (const char * const  *argv,
     const char          *input,
     char               **out_text)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, input != NULL ? input : "", NULL,
                                                &out, &err, &error));
  g_assert_no_error (error);
  *out_text = g_strconcat (out != NULL ? out : "", err != NULL ? err : "", NULL);

  return g_subprocess_get_if_exited (proc) && g_subprocess_get_exit_status (proc) == 0;
}

static void
test_file_is_encrypted (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autofree char *receipt_no = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];

  store_test_random_key (key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  write_data (db, &receipt_no);
  g_assert_cmpstr (receipt_no, ==, "0-000001");

  /* While open the data sits partly in the WAL; both must be ciphertext. */
  assert_no_plain_text (path, receipt_no);
  g_clear_object (&db);
  assert_no_plain_text (path, receipt_no);

  store_test_remove_tree (dir);
}

static void
test_cli_cannot_read (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autofree char *receipt_no = NULL;
  g_autofree char *sqlcipher = g_find_program_in_path ("sqlcipher");
  g_autofree char *sqlite3 = g_find_program_in_path ("sqlite3");
  g_autofree char *out = NULL;
  g_autofree char *script = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  char hex[KASIR_DATABASE_KEY_SIZE * 2 + 1];

  /* The sqlcipher command line tool is part of the build requirements (TOOLCHAIN.md). */
  if (sqlcipher == NULL)
    g_error ("the sqlcipher command line tool is needed for this test; install sqlcipher");

  store_test_random_key (key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  write_data (db, &receipt_no);
  g_clear_object (&db);

  {
    const char * const argv[] = { sqlcipher, path, "SELECT count(*) FROM sqlite_master;", NULL };

    g_assert_false (run (argv, NULL, &out));
    g_test_message ("sqlcipher without key: %s", out);
    g_assert_nonnull (strstr (out, "file is encrypted or is not a database"));
    g_clear_pointer (&out, g_free);
  }

  if (sqlite3 != NULL)
    {
      const char * const argv[] = { sqlite3, path, "SELECT count(*) FROM sqlite_master;", NULL };

      g_assert_false (run (argv, NULL, &out));
      g_test_message ("sqlite3: %s", out);
      g_assert_nonnull (strstr (out, "not a database"));
      g_clear_pointer (&out, g_free);
    }

  /* With the key and the documented settings (given on stdin, never on the command line)
   * the stock tool reads the file: the format is plain SQLCipher, nothing private. */
  sodium_bin2hex (hex, sizeof hex, key, sizeof key);
  script = g_strdup_printf ("PRAGMA key = \"x'%s'\";\nPRAGMA cipher_page_size = 4096;\n"
                            "SELECT name FROM products ORDER BY id LIMIT 1;\n", hex);
  sodium_memzero (hex, sizeof hex);
  {
    const char * const argv[] = { sqlcipher, path, NULL };

    g_assert_true (run (argv, script, &out));
    g_assert_nonnull (strstr (out, secret_names[0]));
  }
  sodium_memzero (script, strlen (script));

  store_test_remove_tree (dir);
}

static void
test_wrong_key (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autofree char *junk_path = g_build_filename (dir, "junk.db", NULL);
  g_autofree char *receipt_no = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  guint8 wrong[KASIR_DATABASE_KEY_SIZE];
  gsize before_len = 0, after_len = 0;
  guint8 junk[8192];

  store_test_random_key (key);
  memcpy (wrong, key, sizeof wrong);
  wrong[31] ^= 0x01;

  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  write_data (db, &receipt_no);
  g_clear_object (&db);
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  db = kasir_database_open_with_key (path, wrong, &error);
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_WRONG_KEY);
  g_assert_null (db);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* The file is untouched and still opens with the right key. */
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM products"), ==, 3);
  g_clear_object (&db);

  /* A file that is no database at all gets the same clean error. */
  randombytes_buf (junk, sizeof junk);
  g_assert_true (g_file_set_contents (junk_path, (const char *) junk, sizeof junk, NULL));
  db = kasir_database_open_with_key (junk_path, key, &error);
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_WRONG_KEY);
  g_assert_null (db);

  store_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Store/Encryption/file-is-ciphertext", test_file_is_encrypted);
  g_test_add_func ("/Kasir/Store/Encryption/cli-cannot-read", test_cli_cannot_read);
  g_test_add_func ("/Kasir/Store/Encryption/wrong-key", test_wrong_key);

  return g_test_run ();
}
