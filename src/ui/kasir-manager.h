/* kasir-manager.h — the manager's tools in the main window.
 *
 * Adds the window actions manager.conflicts (Ctrl+Shift+C), manager.dashboard
 * (Ctrl+Shift+D), manager.edit-product, manager.export-outbox and manager.import-outbox,
 * each behind a manager's PIN, a header-bar button that counts open conflicts, and a
 * toast with a "Review" button when new conflicts arrive.
 *
 * Also holds the small pieces the manager's windows share: a row of text cells for
 * GtkColumnView models, a text column for it, and the currency the till sells in.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-database.h"
#include "kasir-models.h"
#include "kasir-sync-service.h"
#include "kasir-window.h"

G_BEGIN_DECLS

void kasir_manager_install (KasirWindow      *window,
                            KasirDatabase    *db,
                            KasirSyncService *service);

/* Asks for a manager's PIN (checked by KasirPinGuard, so wrong PINs count towards the
 * same lockout as the lock screen) and calls @callback with the manager, or with NULL
 * when the prompt was cancelled. */
typedef void (*KasirManagerPinCallback) (const KasirStaff *manager,
                                         gpointer          user_data);

void kasir_manager_ask_pin (GtkWindow               *parent,
                            KasirDatabase           *db,
                            const char              *reason,
                            KasirManagerPinCallback  callback,
                            gpointer                 user_data);

/* ---- Shared pieces ---- */

#define KASIR_TYPE_TEXT_ROW (kasir_text_row_get_type ())

G_DECLARE_FINAL_TYPE (KasirTextRow, kasir_text_row, KASIR, TEXT_ROW, GObject)

/* A row of a column view: an id, a state number the owner gives meaning to, and text
 * cells (the array is copied). @style is a CSS class for every cell (NULL for none). */
KasirTextRow *kasir_text_row_new        (gint64              id,
                                         int                 state,
                                         const char * const *cells,
                                         const char         *style);
gint64        kasir_text_row_get_id     (KasirTextRow       *self);
int           kasir_text_row_get_state  (KasirTextRow       *self);
/* The cell, or "" past the end. */
const char   *kasir_text_row_get_cell   (KasirTextRow       *self,
                                         guint               column);
const char   *kasir_text_row_get_style  (KasirTextRow       *self);

/* Appends a column showing cell @column of the KasirTextRow items; an @expand column
 * takes the spare width and wraps its text. */
GtkColumnViewColumn *kasir_manager_add_text_column (GtkColumnView *view,
                                                    const char    *title,
                                                    guint          column,
                                                    gboolean       expand);

/* The till's currency code from the settings ("IDR" when unknown); free with g_free. */
char *kasir_manager_currency (void);
/* An RFC 3339 time as local "YYYY-MM-DD HH:MM"; the text itself when it is not one. */
char *kasir_manager_format_time (const char *rfc3339);

G_END_DECLS
