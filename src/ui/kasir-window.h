/* kasir-window.h — the main window of the Kasir desktop application.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-application.h"

G_BEGIN_DECLS

#define KASIR_TYPE_WINDOW (kasir_window_get_type ())

G_DECLARE_FINAL_TYPE (KasirWindow, kasir_window, KASIR, WINDOW, AdwApplicationWindow)

KasirWindow *kasir_window_new         (KasirApplication *application);
gboolean     kasir_window_get_offline (KasirWindow      *self);
void         kasir_window_set_offline (KasirWindow      *self,
                                       gboolean          offline);
void         kasir_window_add_toast   (KasirWindow      *self,
                                       AdwToast         *toast);

G_END_DECLS
