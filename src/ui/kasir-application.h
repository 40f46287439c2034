/* kasir-application.h — the Kasir desktop application.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KASIR_TYPE_APPLICATION (kasir_application_get_type ())

G_DECLARE_FINAL_TYPE (KasirApplication, kasir_application, KASIR, APPLICATION, AdwApplication)

KasirApplication *kasir_application_new (void);

G_END_DECLS
