/* kasir-server-merge.h — the three-way merge of concurrent edits, free of any storage, so
 * that every storage backend merges product and customer edits the same way.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Merges the fields a terminal changed (@fields) into the server's current values
 * (@server), knowing the values both started from (@base, the version the terminal
 * edited; NULL when that version is no longer known). For each field of @fields:
 *  - equal to the server's value: nothing to do;
 *  - the server still has the base value (or does not have the field): the terminal's
 *    value goes into @apply;
 *  - otherwise both sides changed it: the field goes into @c_base, @c_terminal and
 *    @c_server (a JSON null in @c_base when the base is unknown), and the server's value
 *    stays.
 * Without a base every differing field is a conflict: nothing is overwritten blindly. */
void kasir_server_three_way (JsonObject *fields,
                             JsonObject *server,
                             JsonObject *base,
                             JsonObject *apply,
                             JsonObject *c_base,
                             JsonObject *c_terminal,
                             JsonObject *c_server);

/* How one field of an edited record is checked and written when a merge applies it. */
typedef enum
{
  KASIR_MERGE_NAME,     /* char *, required and not empty */
  KASIR_MERGE_TEXT,     /* char *, may be null */
  KASIR_MERGE_AMOUNT,   /* gint64, not negative */
  KASIR_MERGE_RATE_BP,  /* guint, basis points 0..10000 */
  KASIR_MERGE_REF,      /* gint64 id, 0 (null) for none; the caller checks it exists */
  KASIR_MERGE_FLAG,     /* gboolean */
  KASIR_MERGE_LEVEL,    /* gint64, a count of units, or -1 for the default */
} KasirMergeType;

/* One field of a record: its wire name, its type and where it lives in the struct. */
typedef struct
{
  const char     *name;
  KasirMergeType  type;
  gsize           offset;
} KasirMergeField;

/* Writes the members of @apply that @fields names into @record, checking each against
 * its type. Returns FALSE with *reason (e.g. "name must not be empty") and @record
 * partly written when one breaks its rule; members @fields does not name are ignored. */
gboolean kasir_server_merge_apply (const KasirMergeField *fields,
                                   guint                  n_fields,
                                   JsonObject            *apply,
                                   gpointer               record,
                                   char                 **reason);

G_END_DECLS
