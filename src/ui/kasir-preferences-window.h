/* kasir-preferences-window.h — the terminal's settings, bound to GSettings.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-till-context.h"

G_BEGIN_DECLS

#define KASIR_TYPE_PREFERENCES_WINDOW (kasir_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (KasirPreferencesWindow, kasir_preferences_window, KASIR, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* "connect-requested" asks the application to open the enrollment page;
 * "remove-data-requested" to remove this terminal's data (it checks the outbox). */
/* Shows and changes @context's settings. */
KasirPreferencesWindow *kasir_preferences_window_new      (GtkWindow              *parent,
                                                           KasirTillContext       *context);
void                    kasir_preferences_window_set_busy (KasirPreferencesWindow *self,
                                                           gboolean                busy);
gboolean                kasir_preferences_window_get_busy (KasirPreferencesWindow *self);

G_END_DECLS
