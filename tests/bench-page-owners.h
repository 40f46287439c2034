/* bench-page-owners.h — which table or index owns each page of a till database.
 *
 * The SQLCipher build here has no dbstat table, so a benchmark that wants to say which
 * b-tree a WAL frame belongs to reads the database file itself: it decrypts each page
 * (SQLCipher 3 layout: AES-256-CBC with the raw key, the IV in the page's reserved tail)
 * and walks every b-tree from its root page in sqlite_master, overflow chains included.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kasir-database.h"

G_BEGIN_DECLS

typedef struct _BenchPageOwners BenchPageOwners;

/* Reads the file at @path, which must be checkpointed (its WAL copied back and empty),
 * encrypted with @key. @roots holds pairs of (name, root page) as strings. Pages in no
 * b-tree (pointer maps, free pages) have no owner. */
BenchPageOwners *bench_page_owners_read  (const char        *path,
                                          const guint8       key[KASIR_DATABASE_KEY_SIZE],
                                          GPtrArray         *roots,
                                          GError           **error);
/* The owner of page @pgno: a table or index name, "(pointer map)" for an auto-vacuum
 * pointer-map page, or "(free or new)" for a page in no b-tree. */
const char      *bench_page_owners_get   (BenchPageOwners   *owners,
                                          guint32            pgno);
void             bench_page_owners_free  (BenchPageOwners   *owners);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchPageOwners, bench_page_owners_free)

G_END_DECLS
