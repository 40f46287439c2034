/* bench-page-owners.c — which table or index owns each page of a till database.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "bench-page-owners.h"

/* SQLCipher 3 with a 16-byte IV and a 20-byte HMAC reserves 48 bytes at each page's end;
 * the IV is the first 16 of them. Page 1 starts with the 16-byte salt in clear. */
#define RESERVE  48
#define SALT     16

struct _BenchPageOwners
{
  int           fd;
  guint32       page_size;
  guint32       usable;
  guint32       n_pages;
  const char  **owner;       /* [n_pages + 1], strings in names */
  GStringChunk *names;
  guint8        key[KASIR_DATABASE_KEY_SIZE];
  guint8       *page;        /* the page being read, decrypted */
};

static guint32
get_u32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static guint
get_varint (const guint8 *p,
            guint64      *out)
{
  guint64 v = 0;

  for (guint i = 0; i < 8; i++)
    {
      v = (v << 7) | (p[i] & 0x7f);
      if ((p[i] & 0x80) == 0)
        {
          *out = v;
          return i + 1;
        }
    }
  *out = (v << 8) | p[8];
  return 9;
}

/* Reads and decrypts page @pgno into owners->page. */
static gboolean
read_page (BenchPageOwners  *owners,
           guint32           pgno,
           GError          **error)
{
  guint32 size = owners->page_size;
  g_autofree guint8 *raw = g_malloc (size);
  gnutls_cipher_hd_t cipher;
  gnutls_datum_t key = { owners->key, KASIR_DATABASE_KEY_SIZE };
  gnutls_datum_t iv;
  guint offset = pgno == 1 ? SALT : 0;
  int rc;

  if (pread (owners->fd, raw, size, (off_t) (pgno - 1) * size) != (ssize_t) size)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot read page %u", pgno);
      return FALSE;
    }
  iv.data = raw + size - RESERVE;
  iv.size = 16;
  rc = gnutls_cipher_init (&cipher, GNUTLS_CIPHER_AES_256_CBC, &key, &iv);
  if (rc == 0)
    {
      rc = gnutls_cipher_decrypt2 (cipher, raw + offset, size - RESERVE - offset,
                                   owners->page + offset, size - RESERVE - offset);
      gnutls_cipher_deinit (cipher);
    }
  if (rc != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot decrypt page %u: %s", pgno,
                   gnutls_strerror (rc));
      return FALSE;
    }
  if (pgno == 1)
    memcpy (owners->page, "SQLite format 3", SALT);

  return TRUE;
}

/* Queues overflow page @pgno; the walk reads it and follows the chain (each overflow
 * page starts with the number of the next). */
static void
claim_overflow (BenchPageOwners *owners,
                guint32          pgno,
                GQueue          *todo)
{
  if (pgno != 0 && pgno <= owners->n_pages && owners->owner[pgno] == NULL)
    g_queue_push_tail (todo, GUINT_TO_POINTER (pgno | 0x80000000u));
}

/* Where a cell's payload of @size bytes continues on overflow pages, if it does: the
 * number of bytes kept on the b-tree page (SQLite's file format, "Cell Payload Overflow
 * Pages"). */
static guint64
local_payload (BenchPageOwners *owners,
               gboolean         table_leaf,
               guint64          size)
{
  guint64 u = owners->usable;
  guint64 x = table_leaf ? u - 35 : (u - 12) * 64 / 255 - 23;
  guint64 m = (u - 12) * 32 / 255 - 23;
  guint64 k;

  if (size <= x)
    return size;
  k = m + (size - m) % (u - 4);
  return k <= x ? k : m;
}

/* Queues the children and overflow pages of the b-tree page in owners->page (number
 * @pgno). */
static void
walk_btree_page (BenchPageOwners *owners,
                 guint32          pgno,
                 GQueue          *todo)
{
  const guint8 *hdr = owners->page + (pgno == 1 ? 100 : 0);
  guint8 type = hdr[0];
  gboolean interior = type == 0x02 || type == 0x05;
  guint n_cells = (guint) hdr[3] << 8 | hdr[4];
  const guint8 *pointers = hdr + (interior ? 12 : 8);

  if (type != 0x02 && type != 0x05 && type != 0x0a && type != 0x0d)
    return;
  if (interior)
    g_queue_push_tail (todo, GUINT_TO_POINTER (get_u32 (hdr + 8)));

  for (guint i = 0; i < n_cells; i++)
    {
      guint cell_offset = (guint) pointers[2 * i] << 8 | pointers[2 * i + 1];
      const guint8 *cell = owners->page + cell_offset;
      guint64 size, rowid, local;

      if (cell_offset + 4 >= owners->usable)
        continue;
      if (interior)
        {
          g_queue_push_tail (todo, GUINT_TO_POINTER (get_u32 (cell)));
          cell += 4;
        }
      if (type == 0x05)
        continue;
      cell += get_varint (cell, &size);
      if (type == 0x0d)
        cell += get_varint (cell, &rowid);
      local = local_payload (owners, type == 0x0d, size);
      if (local < size)
        claim_overflow (owners, get_u32 (cell + local), todo);
    }
}

static gboolean
walk_tree (BenchPageOwners  *owners,
           guint32           root,
           const char       *name,
           GError          **error)
{
  g_autoptr(GQueue) todo = g_queue_new ();

  g_queue_push_tail (todo, GUINT_TO_POINTER (root));
  while (!g_queue_is_empty (todo))
    {
      guint32 item = GPOINTER_TO_UINT (g_queue_pop_head (todo));
      guint32 pgno = item & 0x7fffffffu;

      if (pgno == 0 || pgno > owners->n_pages || owners->owner[pgno] != NULL)
        continue;
      owners->owner[pgno] = name;
      if (!read_page (owners, pgno, error))
        return FALSE;
      if (item & 0x80000000u)
        claim_overflow (owners, get_u32 (owners->page), todo);
      else
        walk_btree_page (owners, pgno, todo);
    }

  return TRUE;
}

BenchPageOwners *
bench_page_owners_read (const char    *path,
                        const guint8   key[KASIR_DATABASE_KEY_SIZE],
                        GPtrArray     *roots,
                        GError       **error)
{
  g_autoptr(BenchPageOwners) owners = g_new0 (BenchPageOwners, 1);
  guint32 per_map;
  off_t size;

  memcpy (owners->key, key, KASIR_DATABASE_KEY_SIZE);
  owners->names = g_string_chunk_new (1024);
  owners->fd = open (path, O_RDONLY);
  if (owners->fd < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot open %s", path);
      return NULL;
    }
  owners->page_size = 4096;
  owners->page = g_malloc0 (owners->page_size);
  size = lseek (owners->fd, 0, SEEK_END);
  owners->n_pages = (guint32) (size / owners->page_size);
  owners->owner = g_new0 (const char *, owners->n_pages + 1);
  if (owners->n_pages == 0 || !read_page (owners, 1, error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s is empty or unreadable", path);
      return NULL;
    }
  /* The header's page size and reserve, now decrypted, must be the ones assumed. */
  if (((guint) owners->page[16] << 8 | owners->page[17]) != owners->page_size ||
      owners->page[20] != RESERVE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s: page size or reserve is not 4096/48 (wrong key?)", path);
      return NULL;
    }
  owners->usable = owners->page_size - RESERVE;

  /* Auto-vacuum pointer maps: page 2 and then one every usable/5 + 1 pages. */
  per_map = owners->usable / 5 + 1;
  for (guint32 p = 2; p <= owners->n_pages; p += per_map)
    owners->owner[p] = "(pointer map)";

  if (!walk_tree (owners, 1, "sqlite_master", error))
    return NULL;
  for (guint i = 0; i + 1 < roots->len; i += 2)
    {
      guint64 root = g_ascii_strtoull (roots->pdata[i + 1], NULL, 10);
      const char *name = g_string_chunk_insert (owners->names, roots->pdata[i]);

      if (root > 0 && !walk_tree (owners, (guint32) root, name, error))
        return NULL;
    }

  return g_steal_pointer (&owners);
}

const char *
bench_page_owners_get (BenchPageOwners *owners,
                       guint32          pgno)
{
  if (pgno == 0 || pgno > owners->n_pages || owners->owner[pgno] == NULL)
    return "(free or new)";
  return owners->owner[pgno];
}

void
bench_page_owners_free (BenchPageOwners *owners)
{
  if (owners == NULL)
    return;
  if (owners->fd >= 0)
    close (owners->fd);
  g_free (owners->owner);
  g_free (owners->page);
  if (owners->names != NULL)
    g_string_chunk_free (owners->names);
  g_free (owners);
}
