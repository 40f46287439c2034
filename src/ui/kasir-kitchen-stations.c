/* kasir-kitchen-stations.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-catalog-repository.h"
#include "kasir-kitchen-stations.h"

#define STATION_MAX_CHARS 24

void
kasir_kitchen_stations_set (GSettings  *settings,
                            gint64      category_id,
                            const char *station)
{
  g_autoptr(GVariant) old = NULL;
  g_autofree char *name = g_strstrip (g_strdup (station != NULL ? station : ""));
  GVariantBuilder builder;
  GVariantIter iter;
  const char *value;
  gint64 id;

  g_return_if_fail (G_IS_SETTINGS (settings));

  old = g_settings_get_value (settings, "kitchen-stations");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{xs}"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{x&s}", &id, &value))
    if (id != category_id)
      g_variant_builder_add (&builder, "{xs}", id, value);
  if (*name != '\0')
    g_variant_builder_add (&builder, "{xs}", category_id, name);
  g_settings_set_value (settings, "kitchen-stations", g_variant_builder_end (&builder));
}

static char *
station_of (GSettings *settings,
            gint64     category_id)
{
  g_autoptr(GVariant) map = g_settings_get_value (settings, "kitchen-stations");
  GVariantIter iter;
  const char *value;
  gint64 id;

  g_variant_iter_init (&iter, map);
  while (g_variant_iter_next (&iter, "{x&s}", &id, &value))
    if (id == category_id)
      return g_strdup (value);
  return g_strdup ("");
}

typedef struct
{
  GSettings *settings;
  gint64     category_id;
} Binding;

static void
binding_free (gpointer  data,
              GClosure *closure)
{
  Binding *binding = data;

  g_object_unref (binding->settings);
  g_free (binding);
}

static void
on_changed (GtkEditable *row,
            Binding     *binding)
{
  kasir_kitchen_stations_set (binding->settings, binding->category_id, gtk_editable_get_text (row));
}

AdwPreferencesGroup *
kasir_kitchen_stations_group_new (GSettings     *settings,
                                  KasirDatabase *database)
{
  g_autoptr(KasirCatalogRepository) catalog = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  AdwPreferencesGroup *group;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Kitchen Stations"));
  adw_preferences_group_set_description (group, _("The station whose printer gets each category’s items "
                                                  "on a kitchen ticket, such as Bar. Leave it empty for "
                                                  "the kitchen."));
  catalog = kasir_catalog_repository_new (database);
  categories = kasir_catalog_repository_list_categories (catalog, NULL);
  for (guint i = 0; categories != NULL && i < categories->len; i++)
    {
      const KasirCategory *category = categories->pdata[i];
      g_autofree char *station = NULL;
      Binding *binding;
      GtkWidget *row;

      if (category->archived)
        continue;
      station = station_of (settings, category->id);
      row = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), category->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_editable_set_text (GTK_EDITABLE (row), station);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (row), STATION_MAX_CHARS);
      binding = g_new0 (Binding, 1);
      binding->settings = g_object_ref (settings);
      binding->category_id = category->id;
      g_signal_connect_data (row, "changed", G_CALLBACK (on_changed), binding, binding_free, 0);
      adw_preferences_group_add (group, row);
    }
  return group;
}
