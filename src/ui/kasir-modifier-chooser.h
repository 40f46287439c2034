/* kasir-modifier-chooser.h — choosing a product's modifiers (Sugar: less; Ice: iced;
 * Add-ons: extra shot) when it is added to the sale.
 *
 * A small modal window over the till: one row of large toggle buttons per group (a
 * single-choice group's buttons are exclusive), arrows move between them, Space or
 * Enter chooses, Ctrl+Enter or the Add button adds the line, Escape cancels. A required
 * group not chosen, or more choices than a group allows, is refused with a message
 * naming the group, and nothing is added.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kasir-till-context.h"

G_BEGIN_DECLS

/* Called with the options chosen (KasirSaleLineOption*, borrowed) once they are
 * accepted; @owner is the object given at construction, never called once it is gone. */
typedef void (*KasirModifierChosenFunc) (GObject            *owner,
                                         const KasirProduct *product,
                                         gint64              qty,
                                         GPtrArray          *options);

#define KASIR_TYPE_MODIFIER_CHOOSER (kasir_modifier_chooser_get_type ())

G_DECLARE_FINAL_TYPE (KasirModifierChooser, kasir_modifier_chooser, KASIR, MODIFIER_CHOOSER, GtkWindow)

/* @product must carry its modifier groups. */
KasirModifierChooser *kasir_modifier_chooser_new            (KasirTillContext        *context,
                                                             const KasirProduct      *product,
                                                             gint64                   qty,
                                                             GObject                 *owner,
                                                             KasirModifierChosenFunc  func);
/* When @product has modifier groups (read from the till's database): shows a chooser
 * over @over's window and returns TRUE; FALSE (nothing shown) when it has none. */
gboolean              kasir_modifier_chooser_offer          (KasirTillContext        *context,
                                                             GtkWidget               *over,
                                                             const KasirProduct      *product,
                                                             gint64                   qty,
                                                             GObject                 *owner,
                                                             KasirModifierChosenFunc  func);
/* Adds the line as the Add button does: FALSE, with the reason shown, when refused. */
gboolean              kasir_modifier_chooser_accept         (KasirModifierChooser    *self);
/* What the chooser says under the groups ("" when nothing). */
const char           *kasir_modifier_chooser_get_message    (KasirModifierChooser    *self);
/* The button of option @option_id, or NULL. */
GtkToggleButton      *kasir_modifier_chooser_get_option     (KasirModifierChooser    *self,
                                                             gint64                   option_id);

G_END_DECLS
