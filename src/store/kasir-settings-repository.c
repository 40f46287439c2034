/* kasir-settings-repository.c — the settings table.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-database-private.h"
#include "kasir-settings-repository.h"

struct _KasirSettingsRepository
{
  GObject        parent_instance;
  KasirDatabase *database;
};

G_DEFINE_TYPE (KasirSettingsRepository, kasir_settings_repository, G_TYPE_OBJECT)

static void
kasir_settings_repository_dispose (GObject *object)
{
  KasirSettingsRepository *self = KASIR_SETTINGS_REPOSITORY (object);

  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_settings_repository_parent_class)->dispose (object);
}

static void
kasir_settings_repository_class_init (KasirSettingsRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_settings_repository_dispose;
}

static void
kasir_settings_repository_init (KasirSettingsRepository *self)
{
}

KasirSettingsRepository *
kasir_settings_repository_new (KasirDatabase *database)
{
  KasirSettingsRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_SETTINGS_REPOSITORY, NULL);
  self->database = g_object_ref (database);

  return self;
}

static gboolean
check_key (const char  *key,
           GError     **error)
{
  if (key == NULL || *key == '\0' || !g_utf8_validate (key, -1, NULL))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("A setting needs a name"));
      return FALSE;
    }

  return TRUE;
}

char *
kasir_settings_repository_get_string (KasirSettingsRepository  *self,
                                      const char               *key,
                                      GError                  **error)
{
  sqlite3_stmt *stmt;
  char *value = NULL;
  int rc;

  g_return_val_if_fail (KASIR_IS_SETTINGS_REPOSITORY (self), NULL);

  if (!check_key (key, error))
    return NULL;

  stmt = kasir_database_prepare (self->database,
                                 "SELECT value FROM settings WHERE key = ?", error);
  if (stmt == NULL)
    return NULL;
  kasir_database_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = kasir_database_column_dup (stmt, 0);
  else if (rc != SQLITE_DONE)
    kasir_database_set_error (self->database, rc, "settings", error);
  kasir_database_stmt_done (stmt);

  return value;
}

gboolean
kasir_settings_repository_set_string (KasirSettingsRepository  *self,
                                      const char               *key,
                                      const char               *value,
                                      GError                  **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_SETTINGS_REPOSITORY (self), FALSE);

  if (!check_key (key, error))
    return FALSE;
  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The value of the setting “%s” is not valid text"), key);
      return FALSE;
    }

  stmt = kasir_database_prepare (self->database,
                                 "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                                 error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, key);
  kasir_database_bind_text (stmt, 2, value);

  return kasir_database_step_done (self->database, stmt, "settings", error);
}

gboolean
kasir_settings_repository_get_int64 (KasirSettingsRepository  *self,
                                     const char               *key,
                                     gint64                    default_value,
                                     gint64                   *out_value,
                                     GError                  **error)
{
  g_autofree char *text = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (KASIR_IS_SETTINGS_REPOSITORY (self), FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);

  text = kasir_settings_repository_get_string (self, key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (text == NULL)
    {
      *out_value = default_value;
      return TRUE;
    }
  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, out_value, NULL))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The setting “%s” is not a whole number"), key);
      return FALSE;
    }

  return TRUE;
}

gboolean
kasir_settings_repository_set_int64 (KasirSettingsRepository  *self,
                                     const char               *key,
                                     gint64                    value,
                                     GError                  **error)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);

  return kasir_settings_repository_set_string (self, key, text, error);
}

gboolean
kasir_settings_repository_remove (KasirSettingsRepository  *self,
                                  const char               *key,
                                  GError                  **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_SETTINGS_REPOSITORY (self), FALSE);

  if (!check_key (key, error))
    return FALSE;

  stmt = kasir_database_prepare (self->database, "DELETE FROM settings WHERE key = ?", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, key);

  return kasir_database_step_done (self->database, stmt, "settings", error);
}
