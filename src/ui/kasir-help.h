/* kasir-help.h — which help page belongs to which screen (F1 and the Help menu).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The help page of a screen of type @type ("refunds", "conflicts"…), the file name of a
 * page in help/C without ".page"; NULL for a type without a page of its own. */
const char *kasir_help_page_for_type   (GType      type);
/* The page for what @window shows now: the main window on a start-up problem opens its
 * section of "troubleshooting" ("troubleshooting#keyring-locked"); a window without a
 * page of its own, the page of the window it belongs to; "index" at the end. */
char       *kasir_help_page_for_window (GtkWindow *window);

G_END_DECLS
