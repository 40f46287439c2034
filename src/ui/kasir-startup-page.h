/* kasir-startup-page.h — a whole page saying why the till cannot start (or enroll), what
 * to do, and a "Try Again" button; never a selling screen without a database behind it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-startup-problem.h"

G_BEGIN_DECLS

#define KASIR_TYPE_STARTUP_PAGE (kasir_startup_page_get_type ())

G_DECLARE_FINAL_TYPE (KasirStartupPage, kasir_startup_page, KASIR, STARTUP_PAGE, AdwBin)

/* ::retry is emitted when "Try Again" is pressed; the page makes itself insensitive
 * until the next kasir_startup_page_set_problem (), so a second press waits. */
GtkWidget          *kasir_startup_page_new          (void);
void                kasir_startup_page_set_problem  (KasirStartupPage    *self,
                                                     KasirStartupProblem  problem,
                                                     const char          *description,
                                                     const char          *detail);
KasirStartupProblem kasir_startup_page_get_problem  (KasirStartupPage    *self);
const char         *kasir_startup_page_get_title    (KasirStartupPage    *self);
const char         *kasir_startup_page_get_description (KasirStartupPage *self);
/* TRUE from "Try Again" until the next problem is set: the till is trying. */
gboolean            kasir_startup_page_get_trying   (KasirStartupPage    *self);
/* The same as pressing "Try Again" (keyboard, tests). */
void                kasir_startup_page_retry        (KasirStartupPage    *self);

G_END_DECLS
