/* kasir-kitchen-stations.h — the till's map of categories to kitchen stations, edited in
 * the preferences: one row per category, the station's name typed in it ("Bar"); empty
 * sends the category's items to the kitchen. Kept in GSettings "kitchen-stations".
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-database.h"

G_BEGIN_DECLS

/* A preferences group of @database's categories, each row showing and setting its
 * station in @settings. */
AdwPreferencesGroup *kasir_kitchen_stations_group_new (GSettings     *settings,
                                                       KasirDatabase *database);
/* @settings' map with category @category_id's station set to @station (empty or NULL:
 * back to the kitchen). */
void                 kasir_kitchen_stations_set       (GSettings     *settings,
                                                       gint64         category_id,
                                                       const char    *station);

G_END_DECLS
