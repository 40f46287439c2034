/* kasir-key-store.c — libsecret storage for the database key and terminal token.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <sodium.h>

#include "kasir-key-store.h"

G_DEFINE_QUARK (kasir-key-store-error-quark, kasir_key_store_error)

static const SecretSchema *
database_key_schema (void)
{
  static const SecretSchema schema = {
    "io.github.kasirpos.Kasir.DatabaseKey", SECRET_SCHEMA_NONE,
    {
      { "path", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static const SecretSchema *
terminal_token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.kasirpos.Kasir.TerminalToken", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "terminal", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* Wraps a libsecret failure in our domain, keeping its message so a person can tell a
 * locked keyring from a missing Secret Service. */
static void
propagate_keyring_error (GError     **error,
                         GError      *cause,
                         const char  *what)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, cause);
      return;
    }

  g_set_error (error, KASIR_KEY_STORE_ERROR, KASIR_KEY_STORE_ERROR_UNAVAILABLE,
               _("The keyring could not %s: %s"), what,
               cause != NULL ? cause->message : _("unknown error"));
  g_clear_error (&cause);
}

static char *
absolute_path (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return g_file_get_path (file);
}

gboolean
kasir_key_store_lookup_database_key (const char    *path,
                                     guint8         key[KASIR_DATABASE_KEY_SIZE],
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  g_autofree char *abs = NULL;
  GError *local_error = NULL;
  char *hex;
  gsize bin_len = 0;
  int rc;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  abs = absolute_path (path);
  hex = secret_password_lookup_nonpageable_sync (database_key_schema (), cancellable,
                                                 &local_error, "path", abs, NULL);
  if (local_error != NULL)
    {
      propagate_keyring_error (error, local_error, _("look up the database key"));
      return FALSE;
    }
  if (hex == NULL)
    return FALSE;

  rc = sodium_hex2bin (key, KASIR_DATABASE_KEY_SIZE, hex, strlen (hex), NULL, &bin_len, NULL);
  secret_password_free (hex);
  if (rc != 0 || bin_len != KASIR_DATABASE_KEY_SIZE)
    {
      sodium_memzero (key, KASIR_DATABASE_KEY_SIZE);
      g_set_error (error, KASIR_KEY_STORE_ERROR, KASIR_KEY_STORE_ERROR_CORRUPT,
                   _("The keyring holds a database key for “%s” that is not a valid key"),
                   abs);
      return FALSE;
    }

  return TRUE;
}

gboolean
kasir_key_store_store_database_key (const char    *path,
                                    const guint8   key[KASIR_DATABASE_KEY_SIZE],
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autofree char *abs = NULL;
  g_autofree char *label = NULL;
  char hex[KASIR_DATABASE_KEY_SIZE * 2 + 1];
  GError *local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  abs = absolute_path (path);
  label = g_strdup_printf (_("Kasir database key for %s"), abs);
  sodium_bin2hex (hex, sizeof hex, key, KASIR_DATABASE_KEY_SIZE);
  ok = secret_password_store_sync (database_key_schema (), SECRET_COLLECTION_DEFAULT,
                                   label, hex, cancellable, &local_error,
                                   "path", abs, NULL);
  sodium_memzero (hex, sizeof hex);
  if (!ok)
    {
      propagate_keyring_error (error, local_error, _("store the database key"));
      return FALSE;
    }

  return TRUE;
}

gboolean
kasir_key_store_clear_database_key (const char    *path,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autofree char *abs = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  abs = absolute_path (path);
  secret_password_clear_sync (database_key_schema (), cancellable, &local_error,
                              "path", abs, NULL);
  if (local_error != NULL)
    {
      propagate_keyring_error (error, local_error, _("remove the database key"));
      return FALSE;
    }

  return TRUE;
}

gboolean
kasir_key_store_store_terminal_token (const char    *server,
                                      gint64         terminal_id,
                                      const char    *token,
                                      GCancellable  *cancellable,
                                      GError       **error)
{
  g_autofree char *terminal = NULL;
  g_autofree char *label = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (server != NULL, FALSE);
  g_return_val_if_fail (token != NULL && *token != '\0', FALSE);

  terminal = g_strdup_printf ("%" G_GINT64_FORMAT, terminal_id);
  label = g_strdup_printf (_("Kasir terminal %s token for %s"), terminal, server);
  if (!secret_password_store_sync (terminal_token_schema (), SECRET_COLLECTION_DEFAULT,
                                   label, token, cancellable, &local_error,
                                   "server", server, "terminal", terminal, NULL))
    {
      propagate_keyring_error (error, local_error, _("store the terminal token"));
      return FALSE;
    }

  return TRUE;
}

char *
kasir_key_store_lookup_terminal_token (const char    *server,
                                       gint64         terminal_id,
                                       GCancellable  *cancellable,
                                       GError       **error)
{
  g_autofree char *terminal = NULL;
  GError *local_error = NULL;
  char *token;

  g_return_val_if_fail (server != NULL, NULL);

  terminal = g_strdup_printf ("%" G_GINT64_FORMAT, terminal_id);
  token = secret_password_lookup_nonpageable_sync (terminal_token_schema (), cancellable,
                                                   &local_error, "server", server,
                                                   "terminal", terminal, NULL);
  if (local_error != NULL)
    {
      propagate_keyring_error (error, local_error, _("look up the terminal token"));
      return NULL;
    }

  return token;
}

gboolean
kasir_key_store_clear_terminal_token (const char    *server,
                                      gint64         terminal_id,
                                      GCancellable  *cancellable,
                                      GError       **error)
{
  g_autofree char *terminal = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (server != NULL, FALSE);

  terminal = g_strdup_printf ("%" G_GINT64_FORMAT, terminal_id);
  secret_password_clear_sync (terminal_token_schema (), cancellable, &local_error,
                              "server", server, "terminal", terminal, NULL);
  if (local_error != NULL)
    {
      propagate_keyring_error (error, local_error, _("remove the terminal token"));
      return FALSE;
    }

  return TRUE;
}

KasirKeyringState
kasir_key_store_probe (GCancellable *cancellable)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GError) error = NULL;

  service = secret_service_get_sync (SECRET_SERVICE_NONE, cancellable, &error);
  if (service == NULL)
    return KASIR_KEYRING_NO_SERVICE;

  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, cancellable, &error);
  if (error != NULL)
    {
      /* A proxy is made without asking whether anyone owns the name: the first call
       * tells. */
      if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
          g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
          g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND) ||
          g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_EXEC_FAILED) ||
          g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_CHILD_EXITED))
        return KASIR_KEYRING_NO_SERVICE;
      return KASIR_KEYRING_REFUSED;
    }
  if (collection == NULL)
    return KASIR_KEYRING_NO_COLLECTION;
  if (secret_collection_get_locked (collection))
    return KASIR_KEYRING_LOCKED;

  return KASIR_KEYRING_USABLE;
}

void
kasir_key_store_free_secret (char *secret)
{
  /* secret_password_free wipes the memory before releasing it. */
  if (secret != NULL)
    secret_password_free (secret);
}
