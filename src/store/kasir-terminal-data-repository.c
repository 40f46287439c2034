/* kasir-terminal-data-repository.c — moving the terminal database aside.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kasir-outbox-repository.h"
#include "kasir-terminal-data-repository.h"

struct _KasirTerminalDataRepository
{
  GObject                parent_instance;
  KasirDatabase         *database;
  KasirOutboxRepository *outbox;
};

G_DEFINE_FINAL_TYPE (KasirTerminalDataRepository, kasir_terminal_data_repository, G_TYPE_OBJECT)

G_DEFINE_QUARK (kasir-terminal-data-error-quark, kasir_terminal_data_error)

static void
kasir_terminal_data_repository_dispose (GObject *object)
{
  KasirTerminalDataRepository *self = KASIR_TERMINAL_DATA_REPOSITORY (object);

  g_clear_object (&self->outbox);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_terminal_data_repository_parent_class)->dispose (object);
}

static void
kasir_terminal_data_repository_class_init (KasirTerminalDataRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_terminal_data_repository_dispose;
}

static void
kasir_terminal_data_repository_init (KasirTerminalDataRepository *self)
{
}

KasirTerminalDataRepository *
kasir_terminal_data_repository_new (KasirDatabase *database)
{
  KasirTerminalDataRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_TERMINAL_DATA_REPOSITORY, NULL);
  self->database = g_object_ref (database);
  self->outbox = kasir_outbox_repository_new (database);

  return self;
}

gboolean
kasir_terminal_data_repository_count_unsynced (KasirTerminalDataRepository  *self,
                                               gint64                       *out_count,
                                               GError                      **error)
{
  g_return_val_if_fail (KASIR_IS_TERMINAL_DATA_REPOSITORY (self), FALSE);

  return kasir_outbox_repository_count_unsent (self->outbox, out_count, error);
}

gboolean
kasir_terminal_data_repository_remove (KasirTerminalDataRepository  *self,
                                       char                        **out_moved_path,
                                       GError                      **error)
{
  /* The write-ahead log goes first: a crash between two renames must never leave an old
   * log next to a fresh database file, where SQLite would replay it. */
  static const char *suffixes[] = { "-wal", "-shm", "" };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *target = NULL;
  const char *path;
  gint64 unsynced = 0;

  g_return_val_if_fail (KASIR_IS_TERMINAL_DATA_REPOSITORY (self), FALSE);

  if (!kasir_outbox_repository_count_unsent (self->outbox, &unsynced, error))
    return FALSE;
  if (unsynced > 0)
    {
      g_set_error (error, KASIR_TERMINAL_DATA_ERROR, KASIR_TERMINAL_DATA_ERROR_UNSYNCED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%" PRId64 " change has not reached the server yet; "
                                "this terminal’s data cannot be removed until it has",
                                "%" PRId64 " changes have not reached the server yet; "
                                "this terminal’s data cannot be removed until they have",
                                unsynced),
                   unsynced);
      return FALSE;
    }

  /* Fold the log into the file first, so the moved file is complete on its own. */
  kasir_database_checkpoint (self->database, NULL);

  path = kasir_database_get_path (self->database);
  target = g_strdup_printf ("%s.removed-%s", path, stamp);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);
      int saved_errno;

      if (!g_file_test (from, G_FILE_TEST_EXISTS))
        continue;
      if (g_rename (from, to) == 0)
        continue;
      saved_errno = errno;
      g_set_error (error, KASIR_TERMINAL_DATA_ERROR, KASIR_TERMINAL_DATA_ERROR_FAILED,
                   _("Could not move %s aside: %s"), from, g_strerror (saved_errno));
      return FALSE;
    }

  if (out_moved_path != NULL)
    *out_moved_path = g_steal_pointer (&target);

  return TRUE;
}
