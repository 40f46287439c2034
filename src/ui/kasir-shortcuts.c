/* kasir-shortcuts.c — every key the till lists in its shortcuts window, in one table.
 *
 * The shortcuts window (gtk/help-overlay.ui), the application's accelerators (shown in
 * the menus), the main window's and the selling view's shortcut controllers all read
 * this table, so a key cannot be listed without working, or work in one place only.
 * None of them may be one of GTK's own keys: Control+Shift+D and Control+Shift+I open
 * the Inspector, Control+. and Control+; the emoji chooser of a text field.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-shortcuts.h"

static const KasirShortcut shortcuts[] = {
  { "F2", "sell.search", KASIR_SHORTCUT_SELLING },
  { "<Control>f", "sell.search", KASIR_SHORTCUT_SELLING },
  { "F12", "sell.pay", KASIR_SHORTCUT_SELLING },
  { "<Control>Return", "sell.pay", KASIR_SHORTCUT_SELLING },
  { "<Control>KP_Enter", "sell.pay", KASIR_SHORTCUT_SELLING },
  { "<Control>n", "sell.new-sale", KASIR_SHORTCUT_SELLING },
  { "<Control>m", "sell.customer", KASIR_SHORTCUT_SELLING },
  { "<Control>h", "sell.hold", KASIR_SHORTCUT_SELLING },
  { "<Control>r", "sell.recall", KASIR_SHORTCUT_SELLING },
  { "<Control>k", "sell.send-order", KASIR_SHORTCUT_SELLING },
  { "<Control>o", "sell.open-orders", KASIR_SHORTCUT_SELLING },
  { "<Control>e", "sell.line-note", KASIR_SHORTCUT_SELLING },
  { "Delete", "sell.void-line", KASIR_SHORTCUT_CART_KEY },
  { "plus", "sell.more", KASIR_SHORTCUT_CART_KEY },
  { "minus", "sell.fewer", KASIR_SHORTCUT_CART_KEY },
  { "<Control>l", "till.lock", KASIR_SHORTCUT_WINDOW },
  { "<Control><Shift>s", "till.shift", KASIR_SHORTCUT_WINDOW },
  { "<Control><Shift>m", "till.cash", KASIR_SHORTCUT_WINDOW },
  { "F5", "till.sync-now", KASIR_SHORTCUT_WINDOW },
  { "<Control>comma", "app.preferences", KASIR_SHORTCUT_WINDOW },
  { "<Control><Shift>c", "manager.conflicts", KASIR_SHORTCUT_WINDOW },
  { "<Control><Shift>y", "manager.dashboard", KASIR_SHORTCUT_WINDOW },
  { "F1", "app.help", KASIR_SHORTCUT_WINDOW },
  { "<Control>question", "app.shortcuts", KASIR_SHORTCUT_WINDOW },
  { "<Control>q", "app.quit", KASIR_SHORTCUT_WINDOW },
};

static const char * const gtk_own[] = {
  "<Control><Shift>d", "<Control><Shift>i", "<Control>period", "<Control>semicolon",
  "<Control>KP_Decimal",
};

const KasirShortcut *
kasir_shortcuts_list (guint *n)
{
  g_return_val_if_fail (n != NULL, NULL);

  *n = G_N_ELEMENTS (shortcuts);
  return shortcuts;
}

gboolean
kasir_shortcut_is_gtk_own (const char *accel)
{
  guint key = 0;
  GdkModifierType mods = 0;

  g_return_val_if_fail (accel != NULL, FALSE);

  if (!gtk_accelerator_parse (accel, &key, &mods))
    return FALSE;
  key = gdk_keyval_to_lower (key);
  for (guint i = 0; i < G_N_ELEMENTS (gtk_own); i++)
    {
      guint own_key = 0;
      GdkModifierType own_mods = 0;

      if (gtk_accelerator_parse (gtk_own[i], &own_key, &own_mods) &&
          gdk_keyval_to_lower (own_key) == key && own_mods == mods)
        return TRUE;
    }

  return FALSE;
}

GtkEventController *
kasir_shortcuts_controller_new (KasirShortcutScope scope)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_name (controller, "kasir-shortcuts");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    {
      GtkShortcutTrigger *trigger;

      if (shortcuts[i].scope != scope)
        continue;
      trigger = gtk_shortcut_trigger_parse_string (shortcuts[i].accel);
      g_assert (trigger != NULL);
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                            gtk_shortcut_new (trigger, gtk_named_action_new (shortcuts[i].action)));
    }

  return controller;
}
