/* kasir-terminal-data-repository.h — removing this terminal's data, safely.
 *
 * Removing is refused while the outbox holds changes the server has not acknowledged:
 * those may be sales that exist nowhere else. Otherwise the database file and its
 * companions are moved aside ("<path>.removed-<UTC time>"), never deleted, and the next
 * open at the same path starts a fresh database.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"

G_BEGIN_DECLS

#define KASIR_TERMINAL_DATA_ERROR (kasir_terminal_data_error_quark ())

typedef enum
{
  KASIR_TERMINAL_DATA_ERROR_UNSYNCED, /* the outbox still holds unsent changes */
  KASIR_TERMINAL_DATA_ERROR_FAILED,   /* the files could not be moved */
} KasirTerminalDataError;

GQuark kasir_terminal_data_error_quark (void);

#define KASIR_TYPE_TERMINAL_DATA_REPOSITORY (kasir_terminal_data_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirTerminalDataRepository, kasir_terminal_data_repository, KASIR, TERMINAL_DATA_REPOSITORY, GObject)

KasirTerminalDataRepository *kasir_terminal_data_repository_new (KasirDatabase *database);

/* Mutations not yet acknowledged by the server (pending and in flight). */
gboolean kasir_terminal_data_repository_count_unsynced (KasirTerminalDataRepository  *self,
                                                        gint64                       *out_count,
                                                        GError                      **error);
/* Moves the database aside when nothing is unsynced; KASIR_TERMINAL_DATA_ERROR_UNSYNCED
 * (saying how many) otherwise, with nothing changed. The caller must drop every
 * connection to the file afterwards. @out_moved_path receives the new path. */
gboolean kasir_terminal_data_repository_remove (KasirTerminalDataRepository  *self,
                                                char                        **out_moved_path,
                                                GError                      **error);

G_END_DECLS
