/* kasir-modifier-group-dialog.h — a manager edits one modifier group of a product.
 *
 * Its name; single or multiple choice; required or optional (a multiple choice asks at
 * least so many, and at most so many: blank for no limit); and its options, each a name
 * and a price in the shop's money (blank: free), added, moved up and down and removed.
 * "Done" (Ctrl+Enter) checks the group by the back office's rules
 * (kasir_modifier_group_check): a bad value is said under the form naming what is wrong,
 * and the dialog stays; a good group is handed to "done" and the dialog closes. Escape
 * cancels.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-modifier.h"

G_BEGIN_DECLS

#define KASIR_TYPE_MODIFIER_GROUP_DIALOG (kasir_modifier_group_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KasirModifierGroupDialog, kasir_modifier_group_dialog, KASIR, MODIFIER_GROUP_DIALOG, AdwWindow)

/* Edits a copy of @group (NULL: a new group, single choice and required); prices are in
 * @currency ("IDR"). */
KasirModifierGroupDialog *kasir_modifier_group_dialog_new (GtkWindow                *parent,
                                                           const KasirModifierGroup *group,
                                                           const char               *currency);

/* Fills the group's fields as a person would (NULL text leaves a field as it is). */
void     kasir_modifier_group_dialog_fill       (KasirModifierGroupDialog  *self,
                                                 const char                *name,
                                                 gboolean                   multiple,
                                                 gboolean                   required,
                                                 const char                *at_least,
                                                 const char                *at_most);
/* Adds an option row at the end, filled with @name and @price_text. */
void     kasir_modifier_group_dialog_add_option (KasirModifierGroupDialog  *self,
                                                 const char                *name,
                                                 const char                *price_text);
/* Moves option row @index by @step (-1 up, 1 down); at an end nothing moves. */
void     kasir_modifier_group_dialog_move_option (KasirModifierGroupDialog *self,
                                                  guint                     index,
                                                  int                       step);
void     kasir_modifier_group_dialog_remove_option (KasirModifierGroupDialog *self,
                                                    guint                     index);
/* The number of option rows. */
guint    kasir_modifier_group_dialog_get_n_options (KasirModifierGroupDialog *self);
/* What the message under the form says ("" when nothing). */
const char *kasir_modifier_group_dialog_get_message (KasirModifierGroupDialog *self);
/* Reads and checks the form as "Done" does: on success emits "done" with the group
 * (a KasirModifierGroup*, owned by the dialog for the signal's length) and closes; FALSE
 * with KASIR_INPUT_ERROR (also said in the dialog) otherwise. */
gboolean kasir_modifier_group_dialog_accept     (KasirModifierGroupDialog  *self,
                                                 GError                   **error);

G_END_DECLS
