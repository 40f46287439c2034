/* kasir-till-dialog.h — a window of the till's own that works with the till's context.
 *
 * The till's dialogs (shift, set-up, the manager's tools) derive from it: each is given
 * the KasirTillContext at construction ("context", construct-only) and reads the
 * database, the sync service, who is signed in and the currency from it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-till-context.h"

G_BEGIN_DECLS

#define KASIR_TYPE_TILL_DIALOG (kasir_till_dialog_get_type ())

G_DECLARE_DERIVABLE_TYPE (KasirTillDialog, kasir_till_dialog, KASIR, TILL_DIALOG, AdwWindow)

struct _KasirTillDialogClass
{
  AdwWindowClass parent_class;
};

KasirTillContext *kasir_till_dialog_get_context (KasirTillDialog *self);

G_END_DECLS
