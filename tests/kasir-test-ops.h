/* kasir-test-ops.h — what the till's operational tests share: one application object,
 * temporary directories, a main loop that runs for a while, a manager to sign in as.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kasir-application.h"
#include "kasir-database.h"



extern KasirApplication *application;

G_BEGIN_DECLS

KasirApplication *
get_application (void);

char *
make_dir (void);

void
spin (double seconds);

gint64
add_staff (KasirDatabase *db,
           const char    *name,
           const char    *pin);

void
save_screenshot (GtkWidget  *widget,
                 const char *name);

G_END_DECLS
