/* kasir-shift-settings-group.h — the shop's shift rules in the preferences (a manager's,
 * as the preferences are): whether selling needs an open shift
 * ("shift.required_for_sale") and above which amount a pay-out needs a manager's
 * approval ("shift.payout_approval_above_minor"). A standalone till owns them and
 * changes them here; a connected till shows the outlet's, which are set on the server.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-till-context.h"

G_BEGIN_DECLS

#define KASIR_TYPE_SHIFT_SETTINGS_GROUP (kasir_shift_settings_group_get_type ())

G_DECLARE_FINAL_TYPE (KasirShiftSettingsGroup, kasir_shift_settings_group, KASIR, SHIFT_SETTINGS_GROUP,
                      AdwPreferencesGroup)

GtkWidget  *kasir_shift_settings_group_new          (KasirTillContext        *context,
                                                     gboolean                 editable);
GtkSwitch  *kasir_shift_settings_group_get_switch   (KasirShiftSettingsGroup *self);
AdwEntryRow *kasir_shift_settings_group_get_limit_row (KasirShiftSettingsGroup *self);
/* Takes what the limit row holds, as its apply button does; FALSE (the row says why,
 * and nothing changes) for an amount that cannot be read or is below zero. */
gboolean    kasir_shift_settings_group_apply_limit  (KasirShiftSettingsGroup *self);
const char *kasir_shift_settings_group_get_problem  (KasirShiftSettingsGroup *self);

G_END_DECLS
