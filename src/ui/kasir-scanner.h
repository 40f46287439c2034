/* kasir-scanner.h — recognising a barcode scanner among the key presses of windows.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Keys closer together than this (in milliseconds) come from a barcode scanner, which
 * types far faster than a person. */
#define KASIR_SCANNER_MAX_GAP_MS 50
/* The shortest code a scanner input may be. */
#define KASIR_SCANNER_MIN_LENGTH 4

#define KASIR_TYPE_SCANNER (kasir_scanner_get_type ())

G_DECLARE_FINAL_TYPE (KasirScanner, kasir_scanner, KASIR, SCANNER, GObject)

KasirScanner *kasir_scanner_new       (void);
/* Watches the keys of @window in the capture phase, before its focused widget sees
 * them; the watch ends with the window or with kasir_scanner_unwatch(). */
void          kasir_scanner_watch     (KasirScanner *self,
                                       GtkWindow    *window);
void          kasir_scanner_unwatch   (KasirScanner *self,
                                       GtkWindow    *window);
gboolean      kasir_scanner_is_watching (KasirScanner *self,
                                         GtkWindow    *window);
/* One key press in @window at @time_ms, as the watch sees it. Returns TRUE when the key
 * ended a scanned code: the digits that reached @window's focused text field are taken
 * out again, ::scanned was emitted, and the key must go no further. */
gboolean      kasir_scanner_key       (KasirScanner *self,
                                       GtkWindow    *window,
                                       guint         keyval,
                                       guint32       time_ms);

G_END_DECLS
