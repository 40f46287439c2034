/* kasir-settings-repository.h — terminal settings kept in the encrypted database.
 *
 * Key/value text. Settings pulled from the server and local choices that must not live in
 * plain GSettings (store name, receipt header, tax mode) are kept here.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"

G_BEGIN_DECLS

#define KASIR_TYPE_SETTINGS_REPOSITORY (kasir_settings_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirSettingsRepository, kasir_settings_repository, KASIR, SETTINGS_REPOSITORY, GObject)

KasirSettingsRepository *kasir_settings_repository_new (KasirDatabase *database);

/* NULL with no error when the key is not set. */
char     *kasir_settings_repository_get_string (KasirSettingsRepository  *self,
                                                const char               *key,
                                                GError                  **error);
/* Keys are non-empty UTF-8; values valid UTF-8. */
gboolean  kasir_settings_repository_set_string (KasirSettingsRepository  *self,
                                                const char               *key,
                                                const char               *value,
                                                GError                  **error);
/* @default_value when unset; an error when the stored text is not an integer. */
gboolean  kasir_settings_repository_get_int64  (KasirSettingsRepository  *self,
                                                const char               *key,
                                                gint64                    default_value,
                                                gint64                   *out_value,
                                                GError                  **error);
gboolean  kasir_settings_repository_set_int64  (KasirSettingsRepository  *self,
                                                const char               *key,
                                                gint64                    value,
                                                GError                  **error);
gboolean  kasir_settings_repository_remove     (KasirSettingsRepository  *self,
                                                const char               *key,
                                                GError                  **error);

G_END_DECLS
