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

/* On the worker, with its own connection (opened by the caller, about a millisecond, so
 * the task holds no reference on the till's database): the UI thread never waits for the
 * count. */
static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  KasirDatabase *connection = task_data;
  g_autoptr(KasirCatalogAdminRepository) admin = NULL;
  g_autoptr(KasirSettingsRepository) settings = NULL;
  g_autoptr(GPtrArray) low = NULL;
  gint64 threshold = KASIR_LOW_STOCK_DEFAULT_UNITS;
  GError *error = NULL;

  admin = kasir_catalog_admin_repository_new (connection);
  settings = kasir_settings_repository_new (connection);
  kasir_settings_repository_get_int64 (settings, KASIR_SETTING_LOW_STOCK_DEFAULT,
                                       KASIR_LOW_STOCK_DEFAULT_UNITS, &threshold, NULL);
  low = kasir_catalog_admin_repository_list_low_stock (admin, threshold, MAX_COUNTED + 1, &error);
  if (low == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, low->len);
}

static void
show_count (GtkMenuButton *button,
            guint          n)
{
  g_autofree char *label = NULL;
  g_autofree char *accessible = NULL;

  if (n == 0)
    {
      gtk_menu_button_set_label (button, _("Manager"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Manager's tools"), -1);
      return;
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
}

static void
on_counted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  kasir_low_stock_badge_update_finish (GTK_MENU_BUTTON (source), result, &error);
}

void
kasir_low_stock_badge_update_async (GtkMenuButton       *button,
                                    KasirDatabase       *database,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KasirDatabase *connection;
  GError *error = NULL;

  g_return_if_fail (GTK_IS_MENU_BUTTON (button));
  g_return_if_fail (database == NULL || KASIR_IS_DATABASE (database));

  task = g_task_new (button, cancellable, callback != NULL ? callback : on_counted, user_data);
  g_task_set_source_tag (task, kasir_low_stock_badge_update_async);
  if (database == NULL)
    {
      g_task_return_int (task, 0);
      return;
    }
  connection = kasir_database_open_connection (database, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, connection, g_object_unref);
  g_task_run_in_thread (task, count_thread);
}

gssize
kasir_low_stock_badge_update_finish (GtkMenuButton  *button,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  gssize n;

  g_return_val_if_fail (GTK_IS_MENU_BUTTON (button), -1);
  g_return_val_if_fail (g_task_is_valid (result, button), -1);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n >= 0)
    show_count (button, (guint) n);
  else
    gtk_menu_button_set_label (button, _("Manager"));
  return n;
}
