/* kasir-outbox-export.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kasir-database-private.h"
#include "kasir-outbox-repository.h"
#include "kasir-outbox-export.h"

/* Far above any real offline stretch, and below what a hostile file could use to
 * exhaust memory. */
#define MAX_FILE_SIZE (64 * 1024 * 1024)

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID, message);
  return FALSE;
}

/* Loads the key pair, making it when there is none. @secret_key may be NULL. */
static gboolean
load_key (KasirDatabase  *db,
          guint8          public_key[crypto_sign_PUBLICKEYBYTES],
          guint8         *secret_key,
          gint64         *registered_for,
          GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (sodium_init () < 0)
    return invalid (error, _("The cryptography library could not start"));

  stmt = kasir_database_prepare (db, "SELECT public_key, secret_key, terminal_id FROM signing_key "
                                     "WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *pk = (const char *) sqlite3_column_text (stmt, 0);
      const char *sk = (const char *) sqlite3_column_text (stmt, 1);
      guint8 sk_buf[crypto_sign_SECRETKEYBYTES];
      gboolean ok;

      ok = pk != NULL && sk != NULL &&
           sodium_hex2bin (public_key, crypto_sign_PUBLICKEYBYTES, pk, strlen (pk), NULL, NULL, NULL) == 0 &&
           sodium_hex2bin (sk_buf, sizeof sk_buf, sk, strlen (sk), NULL, NULL, NULL) == 0;
      *registered_for = sqlite3_column_int64 (stmt, 2);
      kasir_database_stmt_done (stmt);
      if (ok && secret_key != NULL)
        memcpy (secret_key, sk_buf, sizeof sk_buf);
      sodium_memzero (sk_buf, sizeof sk_buf);
      if (!ok)
        {
          g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_CORRUPT,
                       _("The till's signing key cannot be read"));
          return FALSE;
        }
      return TRUE;
    }
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "read signing key", error);
      return FALSE;
    }

  {
    guint8 sk_buf[crypto_sign_SECRETKEYBYTES];
    char pk_hex[crypto_sign_PUBLICKEYBYTES * 2 + 1];
    char sk_hex[crypto_sign_SECRETKEYBYTES * 2 + 1];
    gboolean ok;

    crypto_sign_keypair (public_key, sk_buf);
    sodium_bin2hex (pk_hex, sizeof pk_hex, public_key, crypto_sign_PUBLICKEYBYTES);
    sodium_bin2hex (sk_hex, sizeof sk_hex, sk_buf, sizeof sk_buf);
    stmt = kasir_database_prepare (db, "INSERT INTO signing_key (id, public_key, secret_key, terminal_id) "
                                       "VALUES (1, ?, ?, 0)", error);
    ok = stmt != NULL;
    if (ok)
      {
        kasir_database_bind_text (stmt, 1, pk_hex);
        kasir_database_bind_text (stmt, 2, sk_hex);
        ok = kasir_database_step_done (db, stmt, "store signing key", error);
      }
    if (ok && secret_key != NULL)
      memcpy (secret_key, sk_buf, sizeof sk_buf);
    sodium_memzero (sk_buf, sizeof sk_buf);
    sodium_memzero (sk_hex, sizeof sk_hex);
    *registered_for = 0;
    return ok;
  }
}

gboolean
kasir_outbox_export_get_signing_key (KasirDatabase  *db,
                                     char          **out_public_key,
                                     gint64         *out_registered_for,
                                     GError        **error)
{
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  gint64 registered_for = 0, terminal_id = 0;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (out_public_key != NULL, FALSE);

  if (!kasir_database_begin (db, error))
    return FALSE;
  if (!load_key (db, public_key, NULL, &registered_for, error) ||
      !kasir_database_query_int64 (db, "SELECT terminal_id FROM sync_state WHERE id = 1",
                                   &terminal_id, error))
    {
      kasir_database_rollback (db);
      return FALSE;
    }
  if (!kasir_database_commit (db, error))
    return FALSE;

  *out_public_key = g_base64_encode (public_key, sizeof public_key);
  /* A registration for an earlier enrollment does not count for this one. */
  if (out_registered_for != NULL)
    *out_registered_for = registered_for == terminal_id ? registered_for : 0;
  return TRUE;
}

gboolean
kasir_outbox_export_mark_registered (KasirDatabase  *db,
                                     const char     *public_key,
                                     gint64          terminal_id,
                                     GError        **error)
{
  guint8 raw[crypto_sign_PUBLICKEYBYTES];
  char hex[crypto_sign_PUBLICKEYBYTES * 2 + 1];
  g_autofree guint8 *decoded = NULL;
  sqlite3_stmt *stmt;
  gsize length = 0;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);

  if (public_key == NULL || terminal_id <= 0 ||
      (decoded = g_base64_decode (public_key, &length)) == NULL || length != sizeof raw)
    return invalid (error, _("That is not this till's signing key"));
  memcpy (raw, decoded, sizeof raw);
  sodium_bin2hex (hex, sizeof hex, raw, sizeof raw);

  stmt = kasir_database_prepare (db, "UPDATE signing_key SET terminal_id = ? "
                                     "WHERE id = 1 AND public_key = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, terminal_id);
  kasir_database_bind_text (stmt, 2, hex);
  if (!kasir_database_step_done (db, stmt, "mark signing key registered", error))
    return FALSE;
  if (sqlite3_changes (kasir_database_get_handle (db)) != 1)
    return invalid (error, _("That is not this till's signing key"));
  return TRUE;
}

static gboolean
load_identity (KasirDatabase  *db,
               gint64         *terminal_id,
               gint64         *outlet_id,
               gint64         *seq_base,
               char          **server_url,
               GError        **error)
{
  sqlite3_stmt *stmt = kasir_database_prepare (db, "SELECT terminal_id, outlet_id, seq_base, server_url "
                                                   "FROM sync_state WHERE id = 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *terminal_id = sqlite3_column_int64 (stmt, 0);
      *outlet_id = sqlite3_column_int64 (stmt, 1);
      *seq_base = sqlite3_column_int64 (stmt, 2);
      *server_url = kasir_database_column_dup (stmt, 3);
    }
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_ROW)
    {
      kasir_database_set_error (db, rc, "read identity", error);
      return FALSE;
    }
  return TRUE;
}

gboolean
kasir_outbox_export_write_file (KasirDatabase  *db,
                                const char     *path,
                                const char     *terminal_name,
                                const char     *passphrase,
                                guint          *out_count,
                                GError        **error)
{
  g_autoptr(KasirOutboxRepository) outbox = NULL;
  g_autoptr(KasirOutboxBundle) bundle = kasir_outbox_bundle_new ();
  g_autoptr(GPtrArray) pending = NULL;
  g_autofree char *sealed = NULL;
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 secret_key[crypto_sign_SECRETKEYBYTES];
  gint64 registered_for = 0;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);

  if (path == NULL)
    return invalid (error, _("Choose where to save the export"));

  /* One read transaction: the identity and the queue as they are at one moment. */
  if (!kasir_database_begin (db, error))
    return FALSE;
  if (!load_identity (db, &bundle->terminal_id, &bundle->outlet_id, &bundle->seq_base,
                      &bundle->server_url, error))
    goto fail;
  if (bundle->terminal_id <= 0)
    {
      invalid (error, _("This till is not enrolled with a server"));
      goto fail;
    }
  if (!load_key (db, public_key, secret_key, &registered_for, error))
    goto fail;
  if (registered_for != bundle->terminal_id)
    {
      invalid (error, _("The server does not know this till's signing key yet; connect once "
                        "before exporting"));
      goto fail;
    }
  outbox = kasir_outbox_repository_new (db);
  pending = kasir_outbox_repository_list_pending (outbox, G_MAXINT, error);
  if (pending == NULL)
    goto fail;
  if (!kasir_database_commit (db, error))
    goto wipe;

  for (guint i = 0; i < pending->len; i++)
    {
      KasirMutation *m = kasir_mutation_copy (pending->pdata[i]);

      /* Seqs on the wire count from this enrollment's base, as a push would send them. */
      m->seq -= bundle->seq_base;
      g_ptr_array_add (bundle->mutations, m);
    }
  bundle->exported_at = kasir_now_rfc3339 ();
  bundle->terminal_name = g_strdup (terminal_name);

  sealed = kasir_outbox_bundle_seal (bundle, secret_key, passphrase, error);
  sodium_memzero (secret_key, sizeof secret_key);
  if (sealed == NULL)
    return FALSE;
  if (!g_file_set_contents_full (path, sealed, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error))
    return FALSE;
  if (out_count != NULL)
    *out_count = bundle->mutations->len;
  return TRUE;

fail:
  kasir_database_rollback (db);
wipe:
  sodium_memzero (secret_key, sizeof secret_key);
  return FALSE;
}

char *
kasir_outbox_export_read_file (KasirDatabase       *db,
                               const char          *path,
                               const char          *passphrase,
                               KasirOutboxBundle  **out_bundle,
                               GError             **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *document = NULL;
  g_autofree char *server_url = NULL;
  g_autoptr(KasirOutboxBundle) bundle = NULL;
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  GStatBuf st;
  gint64 terminal_id = 0, outlet_id = 0, seq_base = 0;
  gsize length = 0;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), NULL);

  if (path == NULL || g_stat (path, &st) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, _("The export file cannot be found"));
      return NULL;
    }
  if (st.st_size > MAX_FILE_SIZE)
    {
      invalid (error, _("The file is too large to be an outbox export"));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  document = kasir_outbox_bundle_unseal (contents, length, passphrase, error);
  if (document == NULL)
    return NULL;
  bundle = kasir_outbox_bundle_verify (document, public_key, error);
  if (bundle == NULL)
    return NULL;

  if (!load_identity (db, &terminal_id, &outlet_id, &seq_base, &server_url, error))
    return NULL;
  if (terminal_id <= 0)
    {
      invalid (error, _("This till is not enrolled with a server"));
      return NULL;
    }
  if (bundle->outlet_id != outlet_id)
    {
      invalid (error, _("This export comes from a till of another outlet"));
      return NULL;
    }
  if (bundle->terminal_id == terminal_id)
    {
      invalid (error, _("This export was made on this till; it sends its changes itself"));
      return NULL;
    }

  if (out_bundle != NULL)
    *out_bundle = g_steal_pointer (&bundle);
  return g_steal_pointer (&document);
}
