/* test-server-cli.c — the real kasir-server binary: init, demo, outlets, enroll, import,
 * an encrypted database, and serve (reading its "listening on" line).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>

#include "server-data/server-test-util.h"

static char *
server_binary (void)
{
  const char *build = g_getenv ("KASIR_BUILD_DIR");

  g_assert_nonnull (build);
  return g_build_filename (build, "src", "server", "kasir-server", NULL);
}

/* Runs kasir-server with @args (NULL-terminated) and returns its exit status. */
static int
run_cli (char       **out,
         char       **err,
         const char  *db_key,
         ...)
{
  g_autofree char *binary = server_binary ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                       | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, binary);
  va_start (args, db_key);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  if (db_key != NULL)
    g_subprocess_launcher_setenv (launcher, "KASIR_SERVER_DB_KEY", db_key, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "KASIR_SERVER_DB_KEY");
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

/* kasir-server add-staff with the PIN on standard input. */
static int
run_add_staff (const char  *db,
               const char  *outlet,
               const char  *role,
               const char  *name,
               const char  *stdin_text,
               char       **out,
               char       **err)
{
  g_autofree char *binary = server_binary ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                           | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, binary, "add-staff", "--db", db,
                           "--outlet", outlet, "--role", role, name, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, stdin_text, NULL, out, err, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static char *
last_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  while (n > 0 && *lines[n - 1] == '\0')
    n--;
  g_assert_cmpuint (n, >, 0);
  return g_strdup (lines[n - 1]);
}

static gint64
file_db_int (const char *db,
             const char *sql)
{
  ServerFixture fake = { 0 };

  fake.db_path = (char *) db;
  return db_int (&fake, sql);
}

/* The first column of every row of @sql, as text. */
static GPtrArray *
file_db_texts (const char *db,
               const char *sql)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  if (server_test_uses_pg ())
    {
      PGconn *conn = server_test_pg_connect (db);
      PGresult *r = PQexec (conn, sql);

      g_assert_cmpint (PQresultStatus (r), ==, PGRES_TUPLES_OK);
      for (int i = 0; i < PQntuples (r); i++)
        g_ptr_array_add (out, g_strdup (PQgetvalue (r, i, 0)));
      PQclear (r);
      PQfinish (conn);
    }
  else
    {
      sqlite3 *handle = NULL;
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (out, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_finalize (stmt);
      sqlite3_close (handle);
    }
  return out;
}

/* A database for the backend under test that does not exist yet: a file in @dir, or an
 * empty PostgreSQL database (kasir-server init makes its schema). */
static char *
new_db (const char *dir,
        const char *name)
{
  if (server_test_uses_pg ())
    return server_test_pg_database ();
  return g_build_filename (dir, name, NULL);
}

static char *
file_digest (const char *path)
{
  ServerFixture fake = { 0 };

  fake.db_path = (char *) path;
  return db_digest (&fake);
}

static void
test_init_and_outlets (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kasir-cli-XXXXXX", NULL);
  g_autofree char *db = new_db (dir, "a.db");
  g_autofree char *missing = server_test_uses_pg () ? g_strdup_printf ("%s_missing", db)
                                                    : g_build_filename (dir, "missing.db", NULL);
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;
  g_autofree char *out4 = NULL, *err4 = NULL;

  g_assert_cmpint (run_cli (&out, &err, NULL, "init", "--db", db, NULL), ==, 0);
  if (!server_test_uses_pg ())
    g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (run_cli (&out2, &err2, NULL, "init", "--db", db, NULL), !=, 0);
  g_assert_nonnull (strstr (err2, "refusing to overwrite"));
  g_assert_cmpint (run_cli (&out3, &err3, NULL, "outlets", "--db", missing, NULL), !=, 0);
  g_assert_nonnull (strstr (err3, "does not exist"));
  if (!server_test_uses_pg ())
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_cmpint (run_cli (&out4, &err4, NULL, "frobnicate", "--db", db, NULL), !=, 0);
  g_assert_nonnull (strstr (err4, "unknown command"));
  {
    g_autofree char *o = NULL, *e = NULL, *o2 = NULL, *e2 = NULL;
    g_assert_cmpint (run_cli (&o, &e, NULL, "compact", "--db", db, "--retention-days", "0", NULL), ==, 0);
    g_assert_cmpstr (o, ==, "compacted\n");
    g_assert_cmpint (run_cli (&o2, &e2, NULL, "enroll", "--db", db, NULL), !=, 0);
    g_assert_nonnull (strstr (e2, "--outlet ID is required"));
  }
  rm_rf (dir);
}

static void
test_demo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kasir-cli-XXXXXX", NULL);
  g_autofree char *db = new_db (dir, "demo.db");
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;
  g_autofree char *out4 = NULL, *err4 = NULL;
  g_autofree char *code = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) barcodes = NULL;
  guint pins = 0, checked = 0;

  /* The path does not exist yet: demo creates the database first. */
  g_assert_cmpint (run_cli (&out, &err, NULL, "demo", "--db", db, NULL), ==, 0);
  g_assert_cmpint (file_db_int (db, "SELECT COUNT(*) FROM outlets"), ==, 2);
  g_assert_cmpint (file_db_int (db, "SELECT COUNT(*) FROM products"), >=, 2000);
  g_assert_cmpint (file_db_int (db, "SELECT COUNT(DISTINCT barcode) FROM products"), ==,
                   file_db_int (db, "SELECT COUNT(*) FROM products"));
  g_assert_cmpint (file_db_int (db, "SELECT COUNT(*) FROM categories"), >=, 10);
  g_assert_cmpint (file_db_int (db, "SELECT COUNT(*) FROM products WHERE tax_rate_bp <> 1100 OR price <= 0"), ==, 0);
  g_assert_cmpint (file_db_int (db, "SELECT COUNT(*) FROM stock"), ==,
                   2 * file_db_int (db, "SELECT COUNT(*) FROM products"));
  g_assert_cmpint (file_db_int (db, "SELECT COUNT(*) FROM staff"), ==, 6);
  g_assert_cmpint (file_db_int (db, "SELECT COUNT(*) FROM staff WHERE role = 'manager'"), ==, 2);
  g_assert_cmpint (file_db_int (db, "SELECT COUNT(DISTINCT outlet_id) FROM staff WHERE role = 'manager'"), ==, 2);
  g_assert_cmpint (file_db_int (db, "SELECT COUNT(*) FROM customers"), ==, 200);
  g_assert_cmpint (file_db_int (db, "SELECT COUNT(*) FROM customers WHERE loyalty_points > 0"), >, 100);

  /* Every barcode is a valid EAN-13. */
  barcodes = file_db_texts (db, "SELECT barcode FROM products");
  for (guint i = 0; i < barcodes->len; i++)
    {
      const char *bc = g_ptr_array_index (barcodes, i);
      g_assert_cmpuint (strlen (bc), ==, 13);
      g_assert_true (kasir_server_barcode_is_valid (bc));
    }

  /* The PINs printed once match the stored Argon2id hashes; the PINs are not stored. */
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autoptr(GRegex) re = g_regex_new ("^staff (.+) \\((manager|cashier), outlet ([12])\\) PIN ([0-9]{4})$",
                                          0, 0, NULL);
      g_autofree char *name = NULL;
      g_autofree char *pin = NULL;
      g_autofree char *sql = NULL;
      g_autoptr(GPtrArray) hashes = NULL;

      if (!g_regex_match (re, lines[i], 0, &match))
        continue;
      pins++;
      name = g_match_info_fetch (match, 1);
      pin = g_match_info_fetch (match, 4);
      /* The names are the demo's own, without quotes. */
      sql = g_strdup_printf ("SELECT pin_hash FROM staff WHERE name = '%s'", name);
      hashes = file_db_texts (db, sql);
      g_assert_cmpuint (hashes->len, ==, 1);
      g_assert_true (g_str_has_prefix (g_ptr_array_index (hashes, 0), "$argon2id$"));
      if (checked++ < 2)
        g_assert_true (kasir_pin_verify (g_ptr_array_index (hashes, 0), pin));
    }
  g_assert_cmpuint (pins, ==, 6);

  /* Demo data goes only into an empty database. */
  g_assert_cmpint (run_cli (&out2, &err2, NULL, "demo", "--db", db, NULL), !=, 0);
  g_assert_nonnull (strstr (err2, "already has outlets"));

  g_assert_cmpint (run_cli (&out3, &err3, NULL, "outlets", "--db", db, NULL), ==, 0);
  g_assert_cmpstr (out3, ==, "1\tKasir Mart Kemang\n2\tKasir Mart Depok\n");

  g_assert_cmpint (run_cli (&out4, &err4, NULL, "enroll", "--db", db, "--outlet", "2", NULL), ==, 0);
  code = last_line (out4);
  g_assert_cmpuint (strlen (code), ==, 19);
  g_assert_cmpint (file_db_int (db, "SELECT COUNT(*) FROM enroll_codes WHERE outlet_id = 2"), ==, 1);
  {
    g_autofree char *q = g_strdup_printf ("SELECT COUNT(*) FROM enroll_codes WHERE code_hash = '%s'", code);
    g_assert_cmpint (file_db_int (db, q), ==, 0);
  }
  {
    g_autofree char *o = NULL, *e = NULL;
    g_assert_cmpint (run_cli (&o, &e, NULL, "enroll", "--db", db, "--outlet", "7", NULL), !=, 0);
    g_assert_nonnull (strstr (e, "no outlet with id 7"));
  }
  rm_rf (dir);
}

static void
write_file (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

static void
test_import (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kasir-cli-XXXXXX", NULL);
  g_autofree char *db = new_db (dir, "a.db");
  g_autofree char *good = g_build_filename (dir, "good.csv", NULL);
  g_autofree char *update = g_build_filename (dir, "update.csv", NULL);
  g_autofree char *before = NULL;
  g_autofree char *out = NULL, *err = NULL;
  static const struct
  {
    const char *csv;
    const char *message;
  } bad[] = {
    { "sku,name,price,tax_rate\nX-1,Kopi,5000,11\nX-2,Teh,lima ribu,11\n", "line 3, column price" },
    { "sku,name,price,tax_rate,barcode\nX-1,Kopi,5000,11,8991010000018\n", "line 2, column barcode" },
    { "sku,name,price,tax_rate\nX-1,Kopi,5000,111\n", "line 2, column tax_rate" },
    { "sku,name,price,tax_rate\nX-1,,5000,11\n", "line 2, column name" },
    { "sku,name,price,tax_rate\nX-1,Kopi,5000,11\nX-1,Kopi Lagi,6000,11\n", "line 3, column sku" },
    { "sku,name,price,tax_rate,stock,outlet\nX-1,Kopi,5000,11,5,9\n", "line 2, column outlet" },
    { "sku,name,price,tax_rate,stock\nX-1,Kopi,5000,11,banyak\n", "line 2, column stock" },
    /* Past the protocol's bounds, no till could read the product or its stock. */
    { "sku,name,price,tax_rate\nX-1,Kopi,1000000000000001,11\n", "line 2, column price" },
    { "sku,name,price,tax_rate\nX-1,Kopi,9223372036854775807,11\n", "line 2, column price" },
    { "sku,name,price,tax_rate,stock\nX-1,Kopi,5000,11,1000000001\n", "line 2, column stock" },
    { "sku,name,price,tax_rate,stock\nX-1,Kopi,5000,11,-9223372036854775808\n", "line 2, column stock" },
    { "sku,name,price\nX-1,Kopi,5000\n", "line 1" },
    { "sku,name,price,tax_rate,colour\nX-1,Kopi,5000,11,red\n", "line 1, column 5" },
    { "sku,name,price,tax_rate\nX-1,\"Kopi,5000,11\n", "never closed" },
    /* Valid up to the last row; the barcode clashes with an existing product's. */
    { "sku,name,price,tax_rate,barcode\nN-1,Baru,1000,11,\nN-2,Baru 2,1000,11,8991010000017\n",
      "line 3, column barcode" },
  };

  g_assert_cmpint (run_cli (&out, &err, NULL, "init", "--db", db, NULL), ==, 0);
  {
    g_autofree char *o = NULL, *e = NULL;
    g_assert_cmpint (run_cli (&o, &e, NULL, "add-outlet", "--db", db, "Toko Satu", NULL), ==, 0);
    g_assert_cmpstr (o, ==, "1\n");
  }
  /* Staff: the PIN comes on standard input, and only its hash is kept. */
  {
    g_autofree char *o = NULL, *e = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;
    g_autoptr(GPtrArray) hashes = NULL;

    g_assert_cmpint (run_add_staff (db, "1", "manager", "Wati", "246813\n", &o, &e), ==, 0);
    g_assert_cmpstr (o, ==, "1\n");
    g_assert_cmpint (run_add_staff (db, "1", "cashier", "Ujang", "12\n", &o2, &e2), !=, 0);
    g_assert_nonnull (strstr (e2, "PIN"));
    g_assert_cmpint (run_add_staff (db, "5", "cashier", "Ujang", "1234\n", &o3, &e3), !=, 0);
    g_assert_nonnull (strstr (e3, "no outlet with id 5"));
    g_assert_cmpint (file_db_int (db, "SELECT COUNT(*) FROM staff"), ==, 1);
    hashes = file_db_texts (db, "SELECT pin_hash FROM staff");
    g_assert_cmpuint (hashes->len, ==, 1);
    g_assert_true (kasir_pin_verify (g_ptr_array_index (hashes, 0), "246813"));
    g_assert_false (kasir_pin_verify (g_ptr_array_index (hashes, 0), "246814"));
  }
  write_file (good, "SKU,Barcode,Name,Price,Tax Rate,Category,Stock\n"
                    "K-1,8991010000017,\"Kopi Susu, Gula Aren\",6500,11%,Minuman,24\n"
                    "K-2,,Roti Tawar,14500,11.00,Roti,\r\n"
                    "K-3,96385074,Permen,500,0,Permen,100\n");
  {
    g_autofree char *o = NULL, *e = NULL;
    g_assert_cmpint (run_cli (&o, &e, NULL, "import", "--db", db, good, NULL), ==, 0);
    g_assert_nonnull (strstr (o, "3 products created"));
  }
  g_assert_cmpint (file_db_int (db, "SELECT COUNT(*) FROM products"), ==, 3);
  g_assert_cmpint (file_db_int (db, "SELECT qty FROM stock WHERE product_id = 1 AND outlet_id = 1"), ==, 24);
  g_assert_cmpint (file_db_int (db, "SELECT COUNT(*) FROM stock WHERE product_id = 2"), ==, 0);
  g_assert_cmpint (file_db_int (db, "SELECT COUNT(*) FROM products WHERE name = 'Kopi Susu, Gula Aren'"), ==, 1);

  /* A second import updates by SKU and bumps versions only where something changed. */
  write_file (update, "sku,name,price,tax_rate,barcode\nK-1,\"Kopi Susu, Gula Aren\",7000,11,8991010000017\n"
                      "K-2,Roti Tawar,14500,11,\nK-3,Permen,500,0,\n");
  {
    g_autofree char *o = NULL, *e = NULL;
    g_assert_cmpint (run_cli (&o, &e, NULL, "import", "--db", db, update, NULL), ==, 0);
    g_assert_nonnull (strstr (o, "0 products created, 2 updated"));
  }
  g_assert_cmpint (file_db_int (db, "SELECT price_version * 10 + version FROM products WHERE sku = 'K-1'"), ==, 22);
  /* K-3 lost its barcode in the update file, which is a change; K-2 did not change at
   * all; the categories, absent from the file, stay. */
  g_assert_cmpint (file_db_int (db, "SELECT barcode IS NULL FROM products WHERE sku = 'K-3'"), ==, 1);
  g_assert_cmpint (file_db_int (db, "SELECT version FROM products WHERE sku = 'K-2'"), ==, 1);
  g_assert_cmpint (file_db_int (db, "SELECT COUNT(*) FROM products WHERE category_id = 0"), ==, 0);

  before = file_digest (db);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/bad-%u.csv", dir, i);
      g_autofree char *o = NULL, *e = NULL;
      g_autofree char *after = NULL;

      write_file (path, bad[i].csv);
      g_assert_cmpint (run_cli (&o, &e, NULL, "import", "--db", db, path, NULL), !=, 0);
      if (strstr (e, bad[i].message) == NULL)
        g_error ("bad CSV %u: expected '%s' in: %s", i, bad[i].message, e);
      g_assert_nonnull (strstr (e, "nothing was imported"));
      after = file_digest (db);
      g_assert_cmpstr (before, ==, after);
    }
  rm_rf (dir);
}

/* A PostgreSQL URI that cannot connect: the error names the database and the host, and
 * never the password the URI holds. */
static void
test_unreachable_uri (void)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_cli (&out, &err, NULL, "outlets", "--db",
                            "postgresql://kasir:s3cret-pw@127.0.0.1:1/chain_db", NULL), !=, 0);
  g_assert_nonnull (strstr (err, "PostgreSQL database chain_db on 127.0.0.1"));
  g_assert_null (strstr (err, "s3cret-pw"));

  /* A password in the query, and serve, which a service manager starts and logs. */
  {
    g_autofree char *out2 = NULL, *err2 = NULL;

    g_assert_cmpint (run_cli (&out2, &err2, NULL, "serve", "--listen", "127.0.0.1:0", "--insecure-http", "--db",
                              "postgresql://kasir@127.0.0.1:1/chain_db?password=s3cret-pw&sslmode=disable",
                              NULL), !=, 0);
    g_assert_nonnull (strstr (err2, "PostgreSQL database chain_db on 127.0.0.1"));
    g_assert_null (strstr (err2, "s3cret-pw"));
    g_assert_null (strstr (out2, "s3cret-pw"));
  }
}

static void
test_encrypted (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kasir-cli-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "secret.db", NULL);
  g_autofree char *key_file = g_build_filename (dir, "key", NULL);
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;
  g_autofree char *out4 = NULL, *err4 = NULL, *contents = NULL;
  sqlite3 *handle = NULL;

  if (server_test_sqlite_only ("the database key is SQLCipher's; PostgreSQL protects its own data"))
    return;
  g_assert_cmpint (run_cli (&out, &err, "correct horse battery staple", "init", "--db", db, NULL), ==, 0);
  g_assert_cmpint (run_cli (&out2, &err2, "correct horse battery staple", "add-outlet", "--db", db,
                            "Rahasia", NULL), ==, 0);
  g_assert_cmpint (run_cli (&out3, &err3, NULL, "outlets", "--db", db, NULL), !=, 0);
  g_assert_nonnull (strstr (err3, "wrong key"));
  write_file (key_file, "correct horse battery staple\n");
  g_assert_cmpint (run_cli (&out4, &err4, NULL, "outlets", "--key-file", key_file, "--db", db, NULL), ==, 0);
  g_assert_cmpstr (out4, ==, "1\tRahasia\n");

  /* Nothing readable in the file, and plain SQLite cannot open it. */
  g_assert_true (g_file_get_contents (db, &contents, NULL, NULL));
  g_assert_false (g_str_has_prefix (contents, "SQLite format 3"));
  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "SELECT COUNT(*) FROM sqlite_master", NULL, NULL, NULL), !=, SQLITE_OK);
  sqlite3_close (handle);
  rm_rf (dir);
}

static JsonNode *
get_json (SoupSession *session,
          const char  *method,
          const char  *url,
          const char  *token,
          const char  *body,
          guint       *status)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize n;

  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", b);
    }
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  text = g_strndup (g_bytes_get_data (reply, &n), g_bytes_get_size (reply));
  return json_from_string (text, NULL);
}

static void
test_serve (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kasir-cli-XXXXXX", NULL);
  g_autofree char *db = new_db (dir, "a.db");
  g_autofree char *binary = server_binary ();
  g_autofree char *out = NULL, *err = NULL, *code_out = NULL, *code_err = NULL;
  g_autofree char *code = NULL;
  g_autofree char *line1 = NULL;
  g_autofree char *line2 = NULL;
  g_autofree char *url = NULL;
  g_autofree char *metrics_url = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(JsonNode) health = NULL;
  g_autoptr(JsonNode) enrolled = NULL;
  g_autoptr(JsonNode) pulled = NULL;
  g_autoptr(JsonNode) m1 = NULL;
  g_autoptr(JsonNode) m2 = NULL;
  g_autoptr(KasirEnrollResponse) resp = NULL;
  g_autofree char *health_url = NULL, *enroll_url = NULL, *pull_url = NULL, *m_url = NULL, *m_main = NULL;
  guint status;

  g_assert_cmpint (run_cli (&out, &err, NULL, "demo", "--db", db, NULL), ==, 0);
  g_assert_cmpint (run_cli (&code_out, &code_err, NULL, "enroll", "--db", db, "--outlet", "1",
                            "--expires", "5", NULL), ==, 0);
  code = last_line (code_out);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Every log level, so that the check below sees everything the server would log. */
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, binary, "serve", "--db", db,
                                      "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0",
                                      "--insecure-http", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  line1 = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  line2 = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line1, "listening on http://127.0.0.1:"));
  g_assert_true (g_str_has_prefix (line2, "metrics on http://127.0.0.1:"));
  url = g_strdup (line1 + strlen ("listening on "));
  metrics_url = g_strdup (line2 + strlen ("metrics on "));
  g_assert_cmpstr (url, !=, metrics_url);

  health_url = g_strconcat (url, "/api/v1/health", NULL);
  health = get_json (session, "GET", health_url, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  /* The code as a person types it: lower case, spaces instead of dashes. */
  {
    g_autofree char *typed = g_ascii_strdown (code, -1);
    g_strdelimit (typed, "-", ' ');
    body = g_strdup_printf ("{\"code\": \"%s\", \"name\": \"Till 1\"}", typed);
  }
  enroll_url = g_strconcat (url, "/api/v1/enroll", NULL);
  enrolled = get_json (session, "POST", enroll_url, NULL, body, &status);
  g_assert_cmpuint (status, ==, 200);
  resp = kasir_protocol_decode_enroll_response (enrolled, &error);
  g_assert_no_error (error);
  g_assert_cmpint (resp->outlet_id, ==, 1);

  pull_url = g_strconcat (url, "/api/v1/sync/pull?cursor=0&limit=50", NULL);
  pulled = get_json (session, "GET", pull_url, resp->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  /* Metrics live on their own address only. */
  m_url = g_strconcat (metrics_url, "/metrics", NULL);
  m_main = g_strconcat (url, "/metrics", NULL);
  m1 = get_json (session, "GET", m_url, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  m2 = get_json (session, "GET", m_main, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 404);

  /* A push, so that the log has something to say about the terminal. */
  {
    g_autofree char *push_url = g_strconcat (url, "/api/v1/sync/push", NULL);
    g_autofree char *push_body = g_strdup_printf ("{\"terminal_id\": %" G_GINT64_FORMAT ", \"mutations\": []}",
                                                  resp->terminal_id);
    g_autoptr(JsonNode) pushed = get_json (session, "POST", push_url, resp->token, push_body, &status);
    g_assert_cmpuint (status, ==, 200);
  }

  g_subprocess_send_signal (proc, SIGTERM);
  {
    g_autofree char *log = NULL;
    g_autofree char *upper_code = g_strdup (code);
    g_autofree char *hash = kasir_token_hash (resp->token);

    g_autoptr(GString) all = g_string_new (NULL);
    char *more;

    /* Info-level lines go to stdout, messages to stderr: check both. */
    while ((more = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL)) != NULL)
      {
        g_string_append_printf (all, "%s\n", more);
        g_free (more);
      }
    g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &log, &error));
    g_assert_no_error (error);
    g_string_append (all, log);
    g_free (log);
    log = g_string_free (g_steal_pointer (&all), FALSE);
    g_assert_nonnull (strstr (log, "terminal 1 enrolled"));
    g_assert_nonnull (strstr (log, "push from terminal 1"));
    /* Never a token, its hash or an enrollment code. */
    g_assert_null (strstr (log, resp->token));
    g_assert_null (strstr (log, hash));
    g_assert_null (strstr (log, upper_code));
  }
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  rm_rf (dir);
}

static gboolean
accept_any_certificate (SoupMessage          *msg,
                        GTlsCertificate      *certificate,
                        GTlsCertificateFlags  errors,
                        gpointer              user_data)
{
  /* The test's own self-signed certificate. */
  return TRUE;
}

static void
test_serve_tls (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kasir-cli-XXXXXX", NULL);
  g_autofree char *db = new_db (dir, "a.db");
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *binary = server_binary ();
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *out = NULL, *err = NULL, *o2 = NULL, *e2 = NULL;
  g_autofree char *line = NULL;
  g_autofree char *health_url = NULL;
  g_autoptr(GSubprocess) gen = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) reply = NULL;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is needed to make a test certificate");
      return;
    }
  gen = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                          openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                          "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (gen, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (run_cli (&out, &err, NULL, "init", "--db", db, NULL), ==, 0);
  g_assert_cmpint (run_cli (&o2, &e2, NULL, "serve", "--db", db, "--listen", "127.0.0.1:0",
                            "--tls-cert", cert, NULL), !=, 0);
  g_assert_nonnull (strstr (e2, "go together"));

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "serve", "--db", db,
                           "--listen", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "listening on https://127.0.0.1:"));
  health_url = g_strconcat (line + strlen ("listening on "), "/api/v1/health", NULL);
  msg = soup_message_new ("GET", health_url);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_any_certificate), NULL);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (soup_message_get_tls_peer_certificate (msg));

  g_subprocess_send_signal (proc, SIGTERM);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/Server/Cli/init-and-outlets", test_init_and_outlets);
  g_test_add_func ("/Kasir/Server/Cli/demo", test_demo);
  g_test_add_func ("/Kasir/Server/Cli/import", test_import);
  g_test_add_func ("/Kasir/Server/Cli/encrypted", test_encrypted);
  g_test_add_func ("/Kasir/Server/Cli/unreachable-uri", test_unreachable_uri);
  g_test_add_func ("/Kasir/Server/Cli/serve", test_serve);
  g_test_add_func ("/Kasir/Server/Cli/serve-tls", test_serve_tls);
  return g_test_run ();
}
