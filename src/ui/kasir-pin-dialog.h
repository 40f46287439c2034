/* kasir-pin-dialog.h — asking for a manager's PIN.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-database.h"
#include "kasir-models.h"
#include "kasir-roles.h"

G_BEGIN_DECLS

#define KASIR_TYPE_PIN_DIALOG (kasir_pin_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KasirPinDialog, kasir_pin_dialog, KASIR, PIN_DIALOG, AdwMessageDialog)

/* One prompt: @reason says why the PIN is asked; @problem (nullable) says what was
 * wrong with the last one. The PIN typed is in the "pin" response's entry. */
KasirPinDialog *kasir_pin_dialog_new     (GtkWindow      *parent,
                                          const char     *reason,
                                          const char     *problem);
const char     *kasir_pin_dialog_get_pin (KasirPinDialog *self);

/* Asks for a manager's PIN (checked by KasirPinGuard: wrong PINs count against the managers
 * only, in the same per-person lockout as the lock screen) and calls @callback with the manager, or with NULL
 * when the prompt was cancelled. A wrong PIN, or a cashier's, asks again and says why. */
typedef void (*KasirPinCallback) (const KasirStaff *manager,
                                  gpointer          user_data);

void            kasir_pin_dialog_ask_manager (GtkWindow        *parent,
                                              KasirDatabase    *db,
                                              const char       *reason,
                                              KasirPinCallback  callback,
                                              gpointer          user_data);
/* The same for an approval of @kind: the PIN of anyone kasir_role_may_approve() allows
 * (a supervisor's for a discount or a void; only a manager's otherwise), and wrong PINs
 * count against those people only. ask_manager is this with KASIR_APPROVE_TOOLS. */
void            kasir_pin_dialog_ask_approver (GtkWindow        *parent,
                                               KasirDatabase    *db,
                                               KasirApproveKind  kind,
                                               const char       *reason,
                                               KasirPinCallback  callback,
                                               gpointer          user_data);

G_END_DECLS
