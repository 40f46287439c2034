/* kasir-catalog-model.c — the catalog as a lazy list for the product grid.
 *
 * A grid over 100,000 products must not read them all: GtkGridView only asks for the
 * items it shows (and a few around them), so the model answers get_n_items from one count
 * query and reads a page of products the first time an item of that page is asked for.
 * Only the pages near where the cashier scrolls stay cached, so memory stays flat however
 * far the grid is scrolled.
 *
 * Typing a search changes the list at every keystroke. Replacing the items would make the
 * grid destroy and rebuild every visible tile each time (tens of milliseconds), so the
 * first SLOT_COUNT positions are "slots": item objects that stay at their position and
 * change what they show, emitting ::changed, while only the positions past the shorter
 * of the old and new lists are removed or added. A tile follows its item's ::changed.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-catalog-model.h"

#define PAGE_SIZE 64
#define MAX_CACHED_PAGES 32
#define SLOT_COUNT KASIR_CATALOG_MODEL_SEARCH_LIMIT

struct _KasirCatalogItem
{
  GObject                 parent_instance;

  KasirProduct           *product;
  /* The stock is read when a tile first shows it: a search result set or a page holds
   * far more items than the grid ever draws at once. */
  KasirCatalogRepository *repository;
  gint64                  outlet_id;
  /* Stock figures already read, shared by the model's items (product id → qty), so
   * typing a search does not read the same stock rows at every keystroke. */
  GHashTable             *stock_cache;
  gboolean                stock_loaded;
  gint64                  stock;
  gboolean                stock_known;
};

G_DEFINE_FINAL_TYPE (KasirCatalogItem, kasir_catalog_item, G_TYPE_OBJECT)

enum {
  ITEM_CHANGED,
  N_ITEM_SIGNALS
};

static guint item_signals[N_ITEM_SIGNALS];

static void
kasir_catalog_item_finalize (GObject *object)
{
  KasirCatalogItem *self = KASIR_CATALOG_ITEM (object);

  g_clear_pointer (&self->product, kasir_product_free);
  g_clear_object (&self->repository);
  g_clear_pointer (&self->stock_cache, g_hash_table_unref);

  G_OBJECT_CLASS (kasir_catalog_item_parent_class)->finalize (object);
}

static void
kasir_catalog_item_class_init (KasirCatalogItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kasir_catalog_item_finalize;

  /**
   * KasirCatalogItem::changed:
   *
   * The item now stands for another product (or the same one with new figures).
   */
  item_signals[ITEM_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kasir_catalog_item_init (KasirCatalogItem *self)
{
}

static KasirCatalogItem *
kasir_catalog_item_new (KasirProduct           *product,
                        KasirCatalogRepository *repository,
                        gint64                  outlet_id,
                        GHashTable             *stock_cache)
{
  KasirCatalogItem *self = g_object_new (KASIR_TYPE_CATALOG_ITEM, NULL);

  self->product = product;
  self->repository = repository != NULL ? g_object_ref (repository) : NULL;
  self->outlet_id = outlet_id;
  self->stock_cache = stock_cache != NULL ? g_hash_table_ref (stock_cache) : NULL;
  self->stock_loaded = repository == NULL || outlet_id <= 0;

  return self;
}

/* Makes a slot show @product (taken). */
static void
kasir_catalog_item_replace (KasirCatalogItem       *self,
                            KasirProduct           *product,
                            KasirCatalogRepository *repository,
                            gint64                  outlet_id,
                            GHashTable             *stock_cache)
{
  kasir_product_free (self->product);
  self->product = product;
  g_set_object (&self->repository, repository);
  self->outlet_id = outlet_id;
  if (stock_cache != self->stock_cache)
    {
      g_clear_pointer (&self->stock_cache, g_hash_table_unref);
      self->stock_cache = stock_cache != NULL ? g_hash_table_ref (stock_cache) : NULL;
    }
  self->stock_loaded = repository == NULL || outlet_id <= 0;
  self->stock_known = FALSE;
  self->stock = 0;
  g_signal_emit (self, item_signals[ITEM_CHANGED], 0);
}

static void
load_stock (KasirCatalogItem *self)
{
  g_autoptr(GError) error = NULL;

  if (self->stock_loaded)
    return;
  self->stock_loaded = TRUE;

  if (self->stock_cache != NULL)
    {
      gint64 *cached = g_hash_table_lookup (self->stock_cache, &self->product->id);

      if (cached != NULL)
        {
          self->stock = *cached;
          self->stock_known = TRUE;
          g_clear_object (&self->repository);
          return;
        }
    }

  /* The repository reads a missing stock row as 0, which is what the shelf holds as
   * far as this terminal knows. */
  self->stock_known = kasir_catalog_repository_get_stock (self->repository, self->product->id,
                                                          self->outlet_id, &self->stock, &error);
  if (!self->stock_known)
    g_debug ("Stock of product %" G_GINT64_FORMAT ": %s", self->product->id, error->message);
  else if (self->stock_cache != NULL)
    {
      gint64 *entry = g_new (gint64, 2);

      entry[0] = self->product->id;
      entry[1] = self->stock;
      /* The key is the first half of the entry, the value the second. */
      g_hash_table_replace (self->stock_cache, entry, entry + 1);
    }
  g_clear_object (&self->repository);
}

const KasirProduct *
kasir_catalog_item_get_product (KasirCatalogItem *self)
{
  g_return_val_if_fail (KASIR_IS_CATALOG_ITEM (self), NULL);

  return self->product;
}

gboolean
kasir_catalog_item_get_stock_known (KasirCatalogItem *self)
{
  g_return_val_if_fail (KASIR_IS_CATALOG_ITEM (self), FALSE);

  load_stock (self);

  return self->stock_known;
}

gint64
kasir_catalog_item_get_stock (KasirCatalogItem *self)
{
  g_return_val_if_fail (KASIR_IS_CATALOG_ITEM (self), 0);

  load_stock (self);

  return self->stock;
}

struct _KasirCatalogModel
{
  GObject                 parent_instance;

  KasirCatalogRepository *repository;
  gint64                  outlet_id;
  gint64                  category_id;
  char                   *search;

  guint                   n_items;
  /* Browsing: page number → GPtrArray of KasirCatalogItem, with the order pages were
   * read in so the oldest can be dropped. */
  GHashTable             *pages;
  GQueue                  page_order;
  /* The first SLOT_COUNT positions, in either mode (KasirCatalogItem*). */
  GPtrArray              *slots;
  /* Stock read since the last reload; see KasirCatalogItem. */
  GHashTable             *stock_cache;
  guint                   pages_read;
};

static void kasir_catalog_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KasirCatalogModel, kasir_catalog_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      kasir_catalog_model_list_model_init))

static KasirCatalogItem *
make_item (KasirCatalogModel *self,
           KasirProduct      *product)
{
  return kasir_catalog_item_new (product, self->repository, self->outlet_id, self->stock_cache);
}

static GPtrArray *
wrap_products (KasirCatalogModel *self,
               GPtrArray         *products)
{
  GPtrArray *items = g_ptr_array_new_full (products->len, g_object_unref);

  /* Take the products out of the array so the items own them. */
  g_ptr_array_set_free_func (products, NULL);
  for (guint i = 0; i < products->len; i++)
    g_ptr_array_add (items, make_item (self, g_ptr_array_index (products, i)));

  return items;
}

static GPtrArray *
get_page (KasirCatalogModel *self,
          guint              page)
{
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items != NULL)
    return items;

  products = kasir_catalog_repository_list_products (self->repository, self->category_id,
                                                     page * PAGE_SIZE, PAGE_SIZE, &error);
  if (products == NULL)
    {
      g_warning ("Could not read the catalog: %s", error->message);
      products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
    }
  self->pages_read++;

  items = wrap_products (self, products);
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  g_queue_push_tail (&self->page_order, GUINT_TO_POINTER (page));

  while (g_queue_get_length (&self->page_order) > MAX_CACHED_PAGES)
    {
      gpointer oldest = g_queue_pop_head (&self->page_order);

      /* The grid still holds references to the items it shows, so dropping a page only
       * drops the model's own references. */
      g_hash_table_remove (self->pages, oldest);
    }

  return items;
}

static GType
kasir_catalog_model_get_item_type (GListModel *model)
{
  return KASIR_TYPE_CATALOG_ITEM;
}

static guint
kasir_catalog_model_get_n_items (GListModel *model)
{
  return KASIR_CATALOG_MODEL (model)->n_items;
}

static gpointer
kasir_catalog_model_get_item (GListModel *model,
                              guint       position)
{
  KasirCatalogModel *self = KASIR_CATALOG_MODEL (model);
  GPtrArray *items;
  guint offset;

  if (position >= self->n_items)
    return NULL;

  if (position < SLOT_COUNT)
    {
      g_assert (position < self->slots->len);
      return g_object_ref (g_ptr_array_index (self->slots, position));
    }

  items = get_page (self, position / PAGE_SIZE);
  offset = position % PAGE_SIZE;
  if (offset < items->len)
    return g_object_ref (g_ptr_array_index (items, offset));

  /* The catalog shrank under the grid (a pull archived products); answer a placeholder
   * until the reload that follows the pull re-counts. */
  {
    KasirProduct *placeholder = kasir_product_new ();

    placeholder->name = g_strdup ("");
    placeholder->sku = g_strdup ("");
    return kasir_catalog_item_new (placeholder, NULL, 0, NULL);
  }
}

static void
kasir_catalog_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kasir_catalog_model_get_item_type;
  iface->get_n_items = kasir_catalog_model_get_n_items;
  iface->get_item = kasir_catalog_model_get_item;
}

static void
kasir_catalog_model_dispose (GObject *object)
{
  KasirCatalogModel *self = KASIR_CATALOG_MODEL (object);

  g_clear_object (&self->repository);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_queue_clear (&self->page_order);
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_clear_pointer (&self->stock_cache, g_hash_table_unref);

  G_OBJECT_CLASS (kasir_catalog_model_parent_class)->dispose (object);
}

static void
kasir_catalog_model_finalize (GObject *object)
{
  KasirCatalogModel *self = KASIR_CATALOG_MODEL (object);

  g_free (self->search);

  G_OBJECT_CLASS (kasir_catalog_model_parent_class)->finalize (object);
}

static void
kasir_catalog_model_class_init (KasirCatalogModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kasir_catalog_model_dispose;
  object_class->finalize = kasir_catalog_model_finalize;
}

static GHashTable *
new_stock_cache (void)
{
  /* Keys point into the entry that g_hash_table frees through the key. */
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static void
kasir_catalog_model_init (KasirCatalogModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->page_order);
  self->slots = g_ptr_array_new_with_free_func (g_object_unref);
  self->stock_cache = new_stock_cache ();
}

/* Re-reads what the model shows: the slots take the new head of the list in place, and
 * the grid is told only about positions past what both lists share. */
static void
refresh (KasirCatalogModel *self,
         gboolean           same_list)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) head = NULL;
  guint old_n = self->n_items;
  guint new_n;
  guint stable;

  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->page_order);

  if (self->search != NULL)
    {
      head = kasir_catalog_repository_search (self->repository, self->search,
                                              KASIR_CATALOG_MODEL_SEARCH_LIMIT, &error);
      if (head == NULL)
        g_warning ("Could not search the catalog: %s", error->message);
      new_n = head != NULL ? head->len : 0;
    }
  else
    {
      if (!kasir_catalog_repository_count_products (self->repository, self->category_id,
                                                    &new_n, &error))
        {
          g_warning ("Could not count the catalog: %s", error->message);
          new_n = 0;
        }
      else
        {
          head = kasir_catalog_repository_list_products (self->repository, self->category_id,
                                                         0, SLOT_COUNT, &error);
          if (head == NULL)
            {
              g_warning ("Could not read the catalog: %s", error->message);
              new_n = 0;
            }
          /* The count and the first page may disagree if a pull wrote in between. */
          else if (head->len < MIN (new_n, SLOT_COUNT))
            new_n = head->len;
        }
    }
  if (head == NULL)
    head = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_ptr_array_set_free_func (head, NULL);

  for (guint i = 0; i < head->len; i++)
    {
      KasirProduct *product = g_ptr_array_index (head, i);

      if (i < self->slots->len)
        kasir_catalog_item_replace (g_ptr_array_index (self->slots, i), product,
                                    self->repository, self->outlet_id, self->stock_cache);
      else
        g_ptr_array_add (self->slots, make_item (self, product));
    }

  stable = MIN (MIN (old_n, new_n), SLOT_COUNT);
  self->n_items = new_n;

  /* Removing and adding in one signal makes the grid look for the items it tracks (the
   * focused one, the scroll anchor) among all the added ones, which reads every page of
   * a large catalog; two signals avoid that. */
  if (old_n > stable && new_n > stable && (old_n != new_n || !same_list))
    {
      self->n_items = stable;
      g_list_model_items_changed (G_LIST_MODEL (self), stable, old_n - stable, 0);
      self->n_items = new_n;
      g_list_model_items_changed (G_LIST_MODEL (self), stable, 0, new_n - stable);
    }
  else if (old_n != new_n || (!same_list && new_n > stable))
    g_list_model_items_changed (G_LIST_MODEL (self), stable, old_n - stable, new_n - stable);
  /* A reload of the same list with the same length leaves the positions past the slots
   * to be read afresh from the database when the grid next asks for them, so the grid
   * keeps its scroll position. */
}

KasirCatalogModel *
kasir_catalog_model_new (KasirCatalogRepository *repository,
                         gint64                  outlet_id)
{
  KasirCatalogModel *self;

  g_return_val_if_fail (KASIR_IS_CATALOG_REPOSITORY (repository), NULL);

  self = g_object_new (KASIR_TYPE_CATALOG_MODEL, NULL);
  self->repository = g_object_ref (repository);
  self->outlet_id = outlet_id;
  refresh (self, FALSE);

  return self;
}

void
kasir_catalog_model_set_category (KasirCatalogModel *self,
                                  gint64             category_id)
{
  g_return_if_fail (KASIR_IS_CATALOG_MODEL (self));

  if (self->category_id == category_id && self->search == NULL)
    return;

  self->category_id = category_id;
  g_clear_pointer (&self->search, g_free);
  refresh (self, FALSE);
}

void
kasir_catalog_model_set_search (KasirCatalogModel *self,
                                const char        *text)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (KASIR_IS_CATALOG_MODEL (self));

  stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (stripped[0] == '\0')
    g_clear_pointer (&stripped, g_free);

  if (g_strcmp0 (stripped, self->search) == 0)
    return;

  g_free (self->search);
  self->search = g_steal_pointer (&stripped);
  refresh (self, FALSE);
}

const char *
kasir_catalog_model_get_search (KasirCatalogModel *self)
{
  g_return_val_if_fail (KASIR_IS_CATALOG_MODEL (self), NULL);

  return self->search;
}

void
kasir_catalog_model_reload (KasirCatalogModel *self)
{
  g_return_if_fail (KASIR_IS_CATALOG_MODEL (self));

  /* Stock may have changed (a sale, a pull): forget what was read. */
  g_hash_table_unref (self->stock_cache);
  self->stock_cache = new_stock_cache ();
  refresh (self, TRUE);
}

guint
kasir_catalog_model_get_pages_read (KasirCatalogModel *self)
{
  g_return_val_if_fail (KASIR_IS_CATALOG_MODEL (self), 0);

  return self->pages_read;
}
