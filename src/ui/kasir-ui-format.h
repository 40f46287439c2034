/* kasir-ui-format.h — times as the till shows them (receipts, the manager's windows).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An RFC 3339 time as a local date and time the way the person's language writes it
 * ("YYYY-MM-DD HH:MM" untranslated, "DD/MM/YYYY HH:MM" in Indonesian); the text itself
 * when it is not one. */
char *kasir_ui_format_time (const char *rfc3339);

/* @day's date the way the person's language writes it ("YYYY-MM-DD" untranslated,
 * "DD/MM/YYYY" in Indonesian). */
char *kasir_ui_format_day  (GDateTime  *day);

G_END_DECLS
