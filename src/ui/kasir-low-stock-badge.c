/* kasir-low-stock-badge.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-catalog-admin-repository.h"
#include "kasir-low-stock-badge.h"
#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"

#define MAX_COUNTED 99

guint
kasir_low_stock_badge_update (GtkMenuButton *button,
                              KasirDatabase *database)
{
  g_autoptr(KasirCatalogAdminRepository) admin = NULL;
  g_autoptr(KasirSettingsRepository) settings = NULL;
  g_autoptr(GPtrArray) low = NULL;
  g_autofree char *label = NULL;
  g_autofree char *accessible = NULL;
  gint64 threshold = KASIR_LOW_STOCK_DEFAULT_UNITS;
  guint n;

  g_return_val_if_fail (GTK_IS_MENU_BUTTON (button), 0);

  if (database == NULL)
    {
      gtk_menu_button_set_label (button, _("Manager"));
      return 0;
    }
  admin = kasir_catalog_admin_repository_new (database);
  settings = kasir_settings_repository_new (database);
  kasir_settings_repository_get_int64 (settings, KASIR_SETTING_LOW_STOCK_DEFAULT,
                                       KASIR_LOW_STOCK_DEFAULT_UNITS, &threshold, NULL);
  low = kasir_catalog_admin_repository_list_low_stock (admin, threshold, MAX_COUNTED + 1, NULL);
  n = low != NULL ? low->len : 0;
  if (n == 0)
    {
      gtk_menu_button_set_label (button, _("Manager"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Manager's tools"), -1);
      return 0;
    }
  if (n > MAX_COUNTED)
    /* TRANSLATORS: the manager menu's button when 100 or more products are low. */
    label = g_strdup_printf (_("Manager · %d+ low"), MAX_COUNTED);
  else
    /* TRANSLATORS: the manager menu's button: "Manager · 3 low" (products low on stock). */
    label = g_strdup_printf (_("Manager · %u low"), n);
  accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Manager's tools; %u product is low on stock",
                                             "Manager's tools; %u products are low on stock", n), n);
  gtk_menu_button_set_label (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return n;
}
