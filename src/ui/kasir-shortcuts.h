/* kasir-shortcuts.h — every key the till lists in its shortcuts window, in one table.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  KASIR_SHORTCUT_WINDOW,   /* app.*, till.*, manager.*: the main window's controller */
  KASIR_SHORTCUT_SELLING,  /* sell.*: the selling view's controller */
  KASIR_SHORTCUT_CART_KEY, /* a plain key the selling view reads itself (kasir-selling-keys.c) */
} KasirShortcutScope;

typedef struct
{
  const char         *accel;    /* gtk_accelerator_parse() form */
  const char         *action;
  KasirShortcutScope  scope;
} KasirShortcut;

const KasirShortcut *kasir_shortcuts_list           (guint              *n);
/* Whether @accel is one GTK keeps for itself (the Inspector, the emoji chooser in a
 * text field): the till must not list it. */
gboolean             kasir_shortcut_is_gtk_own      (const char         *accel);
/* A controller with the table's shortcuts of @scope. It runs in the capture phase with
 * global scope, so that the key works wherever the focus is and before a focused text
 * field's own bindings. */
GtkEventController  *kasir_shortcuts_controller_new (KasirShortcutScope  scope);

G_END_DECLS
