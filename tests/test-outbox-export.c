/* test-outbox-export.c — a till's outbox carried to the server by hand: an export signed
 * with the till's key, imported once under the till's seq rules, and the signing key's
 * own rules (the first registration wins; another signature or outlet is refused).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "kasir-cart.h"
#include "kasir-catalog-repository.h"
#include "kasir-conflict-repository.h"
#include "kasir-database-private.h"
#include "kasir-key-store.h"
#include "kasir-outbox-export.h"
#include "kasir-outbox-repository.h"
#include "kasir-outbox-transfer.h"
#include "kasir-product-edit-repository.h"
#include "kasir-sales-repository.h"
#include "kasir-sync-history-repository.h"
#include "kasir-test-network-monitor.h"
#include "sync-test-util.h"

#include "kasir-test-conflicts.h"

typedef struct
{
  gboolean           done;
  gboolean           ok;
  KasirPushResponse *response;
  gint64             terminal_id;
  GError            *error;
} Waiter;

static gboolean
waiter_done (gpointer data)
{
  return ((Waiter *) data)->done;
}

static void
on_registered (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Waiter *w = user_data;

  w->ok = kasir_outbox_transfer_register_key_finish (result, &w->error);
  w->done = TRUE;
}

static void
register_key (Till *till)
{
  Waiter w = { 0 };

  kasir_outbox_transfer_register_key_async (till->db, NULL, on_registered, &w);
  g_assert_true (sync_test_wait_for (waiter_done, &w, 30));
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
}

static void
on_uploaded (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Waiter *w = user_data;

  w->response = kasir_outbox_transfer_upload_finish (result, &w->terminal_id, &w->error);
  w->done = TRUE;
}

/* Uploads @document from @till; returns the answer or NULL with @error. */
static KasirPushResponse *
upload (Till        *till,
        const char  *document,
        gint64      *out_terminal_id,
        GError     **error)
{
  Waiter w = { 0 };

  kasir_outbox_transfer_upload_async (till->db, document, NULL, on_uploaded, &w);
  g_assert_true (sync_test_wait_for (waiter_done, &w, 60));
  if (w.error != NULL)
    g_propagate_error (error, w.error);
  if (out_terminal_id != NULL)
    *out_terminal_id = w.terminal_id;
  return w.response;
}

static gint64
till_terminal_id (Till *till)
{
  return sync_test_local_query (till->db, "SELECT terminal_id FROM sync_state WHERE id = 1");
}

/* A till that stays offline exports its unsent sales; another till of the outlet imports
 * them (and the admin imports a second file with kasir-server import-outbox); when the
 * first till comes back and pushes the same seqs, every sale is on the server once. */
static void
test_export_import (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "till-a.kasir-outbox", NULL);
  g_autofree char *path2 = g_build_filename (f->dir, "till-a-2.kasir-outbox", NULL);
  g_autofree char *document = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(KasirOutboxBundle) bundle = NULL;
  g_autoptr(KasirPushResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  const char *passphrase = "kopi susu gula aren";
  gint64 terminal_a = till_terminal_id (&f->a);
  gint64 exporter = 0;
  guint count = 0;
  gsize length = 0;

  go_offline (&f->a);
  for (guint i = 0; i < 5; i++)
    g_free (sell (f->a.db, 10 + i, 1, 0));

  /* The sync service registered the till's key after its first sync; registering again
   * is a no-op. */
  go_online (&f->a);
  register_key (&f->a);
  register_key (&f->a);   /* again: a no-op */
  register_key (&f->b);
  go_offline (&f->a);
  /* The network came back for a moment; the queue may have moved, so sell again. */
  for (guint i = 0; i < 3; i++)
    g_free (sell (f->a.db, 20 + i, 2, 0));

  /* A short passphrase is refused. */
  g_assert_false (kasir_outbox_export_write_file (f->a.db, path, NULL, "short", &count, &error));
  g_assert_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kasir_outbox_export_write_file (f->a.db, path, "Till A", passphrase, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, sync_test_local_query (f->a.db, "SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight')"));
  g_assert_cmpuint (count, >=, 3);
  g_test_message ("exported %u mutations", count);

  /* The file holds nothing readable without the passphrase. */
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_null (strstr (contents, "sale.create"));
  g_assert_null (strstr (contents, "receipt_no"));

  /* Opening it: wrong passphrase, the wrong till, then B. */
  g_assert_null (kasir_outbox_export_read_file (f->b.db, path, "kopi susu gula pasir", NULL, &error));
  g_assert_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  g_assert_null (kasir_outbox_export_read_file (f->a.db, path, passphrase, NULL, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  document = kasir_outbox_export_read_file (f->b.db, path, passphrase, &bundle, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);
  g_assert_cmpint (bundle->terminal_id, ==, terminal_a);
  g_assert_cmpstr (bundle->terminal_name, ==, "Till A");
  g_assert_cmpuint (bundle->mutations->len, ==, count);

  /* A damaged file is refused, not half-read. */
  {
    g_autofree char *damaged_path = g_build_filename (f->dir, "damaged.kasir-outbox", NULL);
    g_autofree char *damaged = g_strdup (contents);
    char *c = strstr (damaged, "\"ciphertext\":\"") + strlen ("\"ciphertext\":\"") + 10;

    *c = *c == 'A' ? 'B' : 'A';
    g_assert_true (g_file_set_contents (damaged_path, damaged, -1, &error));
    g_assert_null (kasir_outbox_export_read_file (f->b.db, damaged_path, passphrase, NULL, &error));
    g_assert_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_WRONG_PASSPHRASE);
    g_clear_error (&error);
  }

  /* B forwards it: the server applies A's sales as A's. */
  response = upload (&f->b, document, &exporter, &error);
  g_assert_no_error (error);
  g_assert_cmpint (exporter, ==, terminal_a);
  g_assert_cmpuint (response->results->len, ==, count);
  for (guint i = 0; i < response->results->len; i++)
    g_assert_cmpint (((KasirPushResult *) response->results->pdata[i])->status, !=, KASIR_RESULT_REJECTED);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 8);
  g_clear_pointer (&response, kasir_push_response_free);

  /* Importing the same file again changes nothing. */
  response = upload (&f->b, document, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->results->len, ==, count);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 8);
  g_clear_pointer (&response, kasir_push_response_free);

  /* A document signed by any other key is refused, whatever terminal it names. */
  {
    g_autoptr(KasirOutboxBundle) forged = kasir_outbox_bundle_new ();
    g_autofree char *sealed = NULL;
    g_autofree char *forged_doc = NULL;
    guint8 pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];

    crypto_sign_keypair (pk, sk);
    forged->terminal_id = terminal_a;
    forged->outlet_id = 1;
    forged->exported_at = kasir_now_rfc3339 ();
    for (guint i = 0; i < bundle->mutations->len; i++)
      g_ptr_array_add (forged->mutations, kasir_mutation_copy (bundle->mutations->pdata[i]));
    sealed = kasir_outbox_bundle_seal (forged, sk, passphrase, &error);
    g_assert_no_error (error);
    forged_doc = kasir_outbox_bundle_unseal (sealed, strlen (sealed), passphrase, &error);
    g_assert_no_error (error);
    g_assert_null (upload (&f->b, forged_doc, NULL, &error));
    g_assert_error (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_FORBIDDEN);
    g_clear_error (&error);
  }

  /* A sells once more after the export, then is online again and pushes everything:
   * the exported seqs are answered from the record, only the new sale is added. */
  g_free (sell (f->a.db, 30, 1, 0));
  go_online (&f->a);
  sync_till (&f->a);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 9);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(DISTINCT id) FROM sales"), ==, 9);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM outbox WHERE state = 'rejected'"), ==, 0);

  /* The admin command line, with the passphrase on standard input. */
  go_offline (&f->a);
  g_free (sell (f->a.db, 31, 1, 0));
  g_free (sell (f->a.db, 32, 1, 0));
  g_assert_true (kasir_outbox_export_write_file (f->a.db, path2, NULL, passphrase, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 2);
  {
    g_autofree char *tool = sync_test_build_path ("src/server/kasir-server");
    g_autoptr(GSubprocess) proc = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *input = g_strconcat (passphrase, "\n", NULL);

    /* Wrong passphrase: refused, nothing applied. */
    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                             G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                             tool, "import-outbox", "--db", f->server->db_path, path2, NULL);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_communicate_utf8 (proc, "not the passphrase\n", NULL, &out, &err, &error));
    g_assert_false (g_subprocess_get_successful (proc));
    g_assert_nonnull (strstr (err, "passphrase"));
    g_clear_object (&proc);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 9);

    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                             G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                             tool, "import-outbox", "--db", f->server->db_path, path2, NULL);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_communicate_utf8 (proc, input, NULL, &out, &err, &error));
    g_assert_no_error (error);
    if (!g_subprocess_get_successful (proc))
      g_error ("import-outbox failed: %s", err);
    g_test_message ("import-outbox: %s", out);
    g_assert_nonnull (strstr (out, "2 applied now"));
  }
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 11);
  go_online (&f->a);
  sync_till (&f->a);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 11);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(DISTINCT id) FROM sales"), ==, 11);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM sales"), ==, 11);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight','rejected')"), ==, 0);
}

/* POSTs @body to @path with @till's token (none when @till is NULL); returns the status. */
static guint
post_raw (Fixture    *f,
          Till       *till,
          const char *path,
          const char *body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (f->server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_POST, url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (till != NULL)
    {
      char *token = kasir_key_store_lookup_terminal_token (f->server->url, till_terminal_id (till),
                                                           NULL, &error);
      g_autofree char *auth = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (token);
      auth = g_strconcat ("Bearer ", token, NULL);
      kasir_key_store_free_secret (token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  return soup_message_get_status (msg);
}

/* The server's side of the trust model: the first key stays, keys are checked for shape,
 * the routes need a token, and an export is taken only from a till of the same outlet. */
static gboolean
key_registered (gpointer data)
{
  Till *till = data;
  g_autofree char *public_key = NULL;
  gint64 registered_for = -1;

  return kasir_outbox_export_get_signing_key (till->db, &public_key, &registered_for, NULL) &&
         registered_for == till_terminal_id (till);
}

static void
test_signing_key_rules (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "outlet-2.kasir-outbox", NULL);
  g_autofree char *public_key = NULL;
  g_autofree char *other_key = NULL;
  g_autofree char *body = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *document = NULL;
  g_autoptr(GError) error = NULL;
  guint8 pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  gint64 registered_for = -1;
  guint count = 0;
  Till c = { 0 };

  /* The sync service registers the key by itself after its first good sync. */
  g_assert_true (sync_test_wait_for (key_registered, &f->a, 30));
  g_assert_true (kasir_outbox_export_get_signing_key (f->a.db, &public_key, &registered_for, &error));
  g_assert_no_error (error);
  g_assert_cmpint (registered_for, ==, till_terminal_id (&f->a));
  register_key (&f->a);
  g_clear_pointer (&public_key, g_free);
  g_assert_true (kasir_outbox_export_get_signing_key (f->a.db, &public_key, &registered_for, &error));
  g_assert_cmpint (registered_for, ==, till_terminal_id (&f->a));

  /* Another key for the same till: refused. The same key again: fine. */
  crypto_sign_keypair (pk, sk);
  other_key = g_base64_encode (pk, sizeof pk);
  body = g_strdup_printf ("{\"public_key\": \"%s\"}", other_key);
  g_assert_cmpuint (post_raw (f, &f->a, "/api/v1/terminal/key", body), ==, SOUP_STATUS_FORBIDDEN);
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"public_key\": \"%s\"}", public_key);
  g_assert_cmpuint (post_raw (f, &f->a, "/api/v1/terminal/key", body), ==, SOUP_STATUS_OK);
  g_assert_cmpuint (post_raw (f, NULL, "/api/v1/terminal/key", body), ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpuint (post_raw (f, &f->b, "/api/v1/terminal/key", "{\"public_key\": \"c2hvcnQ=\"}"),
                    ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (post_raw (f, &f->b, "/api/v1/terminal/key", "[]"), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (post_raw (f, NULL, "/api/v1/sync/import", "{\"document\": \"x\"}"),
                    ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpuint (post_raw (f, &f->b, "/api/v1/sync/import", "{\"document\": \"x\"}"),
                    ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (post_raw (f, &f->b, "/api/v1/sync/import", "{}"), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_true (sync_test_wait_for (key_registered, &f->b, 30));
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM terminal_keys"), ==, 2);

  /* A till of outlet 2 exports; a till of outlet 1 may not even open it, and the server
   * refuses the document from there too. */
  c.monitor = kasir_test_network_monitor_new (TRUE);
  c.db = sync_test_terminal_db (f->dir, "c.db", NULL);
  c.service = kasir_sync_service_new (c.db, G_NETWORK_MONITOR (c.monitor), &error);
  g_assert_no_error (error);
  g_object_set (c.service, "heartbeat-interval", 1, "sync-interval", 2, NULL);
  sync_test_enroll (c.service, f->server, f->server->url, 2);
  g_assert_true (sync_test_wait_drained (c.service, 120));
  register_key (&c);
  go_offline (&c);
  g_free (sell (c.db, 5, 1, 0));
  g_assert_true (kasir_outbox_export_write_file (c.db, path, NULL, "outlet two secret", &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 1);
  g_assert_null (kasir_outbox_export_read_file (f->b.db, path, "outlet two secret", NULL, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  document = kasir_outbox_bundle_unseal (contents, strlen (contents), "outlet two secret", &error);
  g_assert_no_error (error);
  g_assert_null (upload (&f->b, document, NULL, &error));
  g_assert_error (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 0);
  sync_test_till_close (&c);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/Kasir/Conflicts/export-import", Fixture, NULL,
              sync_test_outlet_set_up, test_export_import, sync_test_outlet_tear_down);
  g_test_add ("/Kasir/Conflicts/signing-key-rules", Fixture, NULL,
              sync_test_outlet_set_up, test_signing_key_rules, sync_test_outlet_tear_down);

  return g_test_run ();
}
