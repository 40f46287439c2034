/* kasir-ui-format.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-till-context.h"
#include "kasir-ui-format.h"

char *
kasir_ui_format_time (const char *rfc3339)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (rfc3339 == NULL)
    return g_strdup ("");
  utc = g_date_time_new_from_iso8601 (rfc3339, NULL);
  if (utc == NULL)
    return g_strdup (rfc3339);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

char *
kasir_ui_currency (void)
{
  /* A context made without settings reads the installed schema, and falls back the
   * same way: one rule for the currency. */
  g_autoptr(KasirTillContext) context = kasir_till_context_new (NULL);

  return g_strdup (kasir_till_context_get_currency (context));
}
