/* kasir-categories-dialog.h — a manager adds, renames, reorders and archives categories.
 *
 * Each category is a row whose name can be edited in place (applied with Enter or the
 * row's apply button), with buttons to move it up or down and to archive or restore it.
 * Errors (an empty or duplicate name) show under the list; nothing changes.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-till-dialog.h"

G_BEGIN_DECLS

#define KASIR_TYPE_CATEGORIES_DIALOG (kasir_categories_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KasirCategoriesDialog, kasir_categories_dialog, KASIR, CATEGORIES_DIALOG, KasirTillDialog)

KasirCategoriesDialog *kasir_categories_dialog_new        (GtkWindow             *parent,
                                                           KasirTillContext      *context,
                                                           gint64                 manager_id);
/* Adds a category named as typed in the "New category" row, as its button does. */
gboolean               kasir_categories_dialog_add        (KasirCategoriesDialog *self,
                                                           const char            *name,
                                                           GError               **error);
/* The categories listed, as "name" or "name (archived)", joined by ", ". */
char                  *kasir_categories_dialog_describe   (KasirCategoriesDialog *self);

G_END_DECLS
