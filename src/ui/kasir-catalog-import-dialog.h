/* kasir-catalog-import-dialog.h — a manager imports products from a CSV file.
 *
 * Choose a file (at most 50 MB); the first rows show as they were read; each product
 * field has a column chosen by its header name, which the manager can change; Import
 * checks every row first and lists the lines that are wrong (nothing is written then),
 * or writes every product at once. On a till enrolled with a server it says so before the
 * import, and after it how many products are new and changed: mutations approved by the
 * manager @staff_id that reach the server with the next sync.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-till-dialog.h"
#include "kasir-catalog-import.h"

G_BEGIN_DECLS

#define KASIR_TYPE_CATALOG_IMPORT_DIALOG (kasir_catalog_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KasirCatalogImportDialog, kasir_catalog_import_dialog, KASIR, CATALOG_IMPORT_DIALOG, KasirTillDialog)

KasirCatalogImportDialog *kasir_catalog_import_dialog_new       (GtkWindow                *parent,
                                                                 KasirTillContext         *context,
                                                                 gint64                    staff_id);
/* Reads @file on a worker thread (the dialog is busy meanwhile: no import, no other
 * file) and shows its preview and mapping. finish: FALSE with @error (also shown). */
void                      kasir_catalog_import_dialog_load_file_async  (KasirCatalogImportDialog  *self,
                                                                        GFile                     *file,
                                                                        GAsyncReadyCallback        callback,
                                                                        gpointer                   user_data);
gboolean                  kasir_catalog_import_dialog_load_file_finish (KasirCatalogImportDialog  *self,
                                                                        GAsyncResult              *result,
                                                                        GError                   **error);
/* Maps @field to @column (-1: not in the file), as its row does. */
void                      kasir_catalog_import_dialog_map       (KasirCatalogImportDialog *self,
                                                                 KasirImportField          field,
                                                                 int                       column);
/* Imports, as the button does, on a worker thread with its own database connection (the
 * dialog is busy meanwhile). finish: the number written, or -1 with @error; the problems
 * are listed in the dialog. Emits "imported" after a write. */
void                      kasir_catalog_import_dialog_import_async  (KasirCatalogImportDialog  *self,
                                                                     GAsyncReadyCallback        callback,
                                                                     gpointer                   user_data);
gint64                    kasir_catalog_import_dialog_import_finish (KasirCatalogImportDialog  *self,
                                                                     GAsyncResult              *result,
                                                                     GError                   **error);
/* The problem lines shown, joined by "\n". */
char                     *kasir_catalog_import_dialog_get_problems (KasirCatalogImportDialog *self);
/* What the dialog says about the till's server ("" on a standalone till), and the last
 * result it shows ("" before any). */
const char               *kasir_catalog_import_dialog_get_server_note (KasirCatalogImportDialog *self);
const char               *kasir_catalog_import_dialog_get_result   (KasirCatalogImportDialog *self);

G_END_DECLS
