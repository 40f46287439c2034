/* kasir-server-log.c — structured log lines of the server.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-log.h"

static void
add_number (GLogField   *fields,
            gsize       *n,
            const char  *key,
            char        *buffer,
            gsize        size,
            gint64       value)
{
  if (value <= 0)
    return;
  g_snprintf (buffer, size, "%" G_GINT64_FORMAT, value);
  fields[*n] = (GLogField) { key, buffer, -1 };
  (*n)++;
}

void
kasir_server_log (GLogLevelFlags  level,
                  gint64          terminal_id,
                  gint64          outlet_id,
                  gint64          seq,
                  const char     *status,
                  const char     *format,
                  ...)
{
  g_autofree char *message = NULL;
  char terminal[24], outlet[24], seq_text[24];
  const char *priority;
  GLogField fields[8];
  gsize n = 0;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* The journal's own priorities, as g_log_structured () would give them. */
  if (level & G_LOG_LEVEL_ERROR)
    priority = "3";
  else if (level & G_LOG_LEVEL_CRITICAL)
    priority = "4";
  else if (level & G_LOG_LEVEL_WARNING)
    priority = "4";
  else if (level & G_LOG_LEVEL_MESSAGE)
    priority = "5";
  else if (level & G_LOG_LEVEL_INFO)
    priority = "6";
  else
    priority = "7";

  fields[n++] = (GLogField) { "GLIB_DOMAIN", G_LOG_DOMAIN, -1 };
  fields[n++] = (GLogField) { "PRIORITY", priority, -1 };
  fields[n++] = (GLogField) { "MESSAGE", message, -1 };
  add_number (fields, &n, "KASIR_TERMINAL_ID", terminal, sizeof terminal, terminal_id);
  add_number (fields, &n, "KASIR_OUTLET_ID", outlet, sizeof outlet, outlet_id);
  add_number (fields, &n, "KASIR_SEQ", seq_text, sizeof seq_text, seq);
  if (status != NULL)
    fields[n++] = (GLogField) { "KASIR_STATUS", status, -1 };
  g_assert (n <= G_N_ELEMENTS (fields));

  g_log_structured_array (level, fields, n);
}
