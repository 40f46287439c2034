/* kasir-modifier-group-editor.h — the "Modifiers" section of the product editor.
 *
 * Lists a product's modifier groups in the order the till offers them, each with what
 * it asks ("Single choice, required · 3 options"); a manager adds a group, edits one
 * (Enter on its row, or its edit button: KasirModifierGroupDialog), moves it up or down
 * and removes it. Nothing is written here: the product editor saves what the section
 * holds (kasir_modifier_repository_save_groups) when the product is saved.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-modifier-group-dialog.h"

G_BEGIN_DECLS

#define KASIR_TYPE_MODIFIER_GROUP_EDITOR (kasir_modifier_group_editor_get_type ())

G_DECLARE_FINAL_TYPE (KasirModifierGroupEditor, kasir_modifier_group_editor, KASIR, MODIFIER_GROUP_EDITOR, AdwPreferencesGroup)

/* Shows a copy of @groups (KasirModifierGroup*); prices in @currency. Not changed yet. */
void        kasir_modifier_group_editor_set_groups (KasirModifierGroupEditor *self,
                                                    GPtrArray                *groups,
                                                    const char               *currency);
/* What the section holds now (KasirModifierGroup*, owned by the section; a new group or
 * option has id 0). */
GPtrArray  *kasir_modifier_group_editor_get_groups (KasirModifierGroupEditor *self);
/* Whether anything was added, edited, moved or removed since set_groups. */
gboolean    kasir_modifier_group_editor_get_changed (KasirModifierGroupEditor *self);
/* A product not in the catalog yet has no modifiers: the section says @why instead and
 * offers nothing (NULL: it offers its groups again). */
void        kasir_modifier_group_editor_set_unavailable (KasirModifierGroupEditor *self,
                                                         const char               *why);
/* Opens the group dialog on group @index (G_MAXUINT: a new group), as the buttons do. */
KasirModifierGroupDialog *kasir_modifier_group_editor_edit (KasirModifierGroupEditor *self,
                                                            guint                     index);
/* Moves group @index by @step (-1 up, 1 down); at an end nothing moves. */
void        kasir_modifier_group_editor_move   (KasirModifierGroupEditor *self,
                                                guint                     index,
                                                int                       step);
void        kasir_modifier_group_editor_remove (KasirModifierGroupEditor *self,
                                                guint                     index);

G_END_DECLS
