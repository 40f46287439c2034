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

G_END_DECLS
