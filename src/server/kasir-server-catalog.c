/* kasir-server-catalog.c — catalog CSV parsing and the demo data generator.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include <string.h>
#include <sodium.h>

#include "kasir-pin.h"
#include "kasir-server-catalog.h"

G_DEFINE_QUARK (kasir-server-catalog-error-quark, kasir_server_catalog_error)

/* ---- Barcodes ---- */

static int
gs1_check_digit (const char *digits,
                 gsize       n)
{
  int sum = 0;

  /* From the right, the digit next to the check digit weighs 3, the next 1, and so on. */
  for (gsize i = 0; i < n; i++)
    {
      int d = digits[n - 1 - i] - '0';
      sum += (i % 2 == 0) ? 3 * d : d;
    }
  return (10 - sum % 10) % 10;
}

gboolean
kasir_server_barcode_is_valid (const char *code)
{
  gsize n;

  if (code == NULL)
    return FALSE;
  n = strlen (code);
  if (n != 8 && n != 12 && n != 13)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;
  return gs1_check_digit (code, n - 1) == code[n - 1] - '0';
}

/* ---- CSV ---- */

typedef struct
{
  GPtrArray *fields;   /* char* */
  guint      line;     /* where the record starts */
} CsvRecord;

static void
csv_record_free (CsvRecord *r)
{
  g_ptr_array_unref (r->fields);
  g_free (r);
}

/* RFC 4180: fields separated by commas, records by CRLF or LF, quoted fields may hold
 * commas, newlines and doubled quotes. */
static GPtrArray *
csv_split (const char  *data,
           gsize        length,
           GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) csv_record_free);
  g_autoptr(GString) field = g_string_new (NULL);
  CsvRecord *rec = NULL;
  guint line = 1;
  gsize i = 0;

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < length)
    {
      gboolean quoted = FALSE;
      guint field_line = line;

      if (rec == NULL)
        {
          rec = g_new0 (CsvRecord, 1);
          rec->fields = g_ptr_array_new_with_free_func (g_free);
          rec->line = line;
        }
      g_string_truncate (field, 0);
      if (data[i] == '"')
        {
          quoted = TRUE;
          i++;
          for (;;)
            {
              if (i >= length)
                {
                  g_set_error (error, KASIR_SERVER_CATALOG_ERROR, KASIR_SERVER_CATALOG_ERROR_INVALID,
                               "line %u, column %u: a quoted field is never closed", field_line,
                               rec->fields->len + 1);
                  csv_record_free (rec);
                  return NULL;
                }
              if (data[i] == '"')
                {
                  if (i + 1 < length && data[i + 1] == '"')
                    {
                      g_string_append_c (field, '"');
                      i += 2;
                      continue;
                    }
                  i++;
                  break;
                }
              if (data[i] == '\n')
                line++;
              g_string_append_c (field, data[i]);
              i++;
            }
        }
      while (i < length && data[i] != ',' && data[i] != '\n' && data[i] != '\r')
        {
          if (quoted || data[i] == '"')
            {
              g_set_error (error, KASIR_SERVER_CATALOG_ERROR, KASIR_SERVER_CATALOG_ERROR_INVALID,
                           "line %u, column %u: stray quote or text after a quoted field",
                           line, rec->fields->len + 1);
              csv_record_free (rec);
              return NULL;
            }
          g_string_append_c (field, data[i]);
          i++;
        }
      g_ptr_array_add (rec->fields, g_strdup (field->str));
      if (i >= length)
        break;
      if (data[i] == ',')
        {
          i++;
          if (i >= length)
            g_ptr_array_add (rec->fields, g_strdup (""));
          continue;
        }
      /* End of record. */
      if (data[i] == '\r' && i + 1 < length && data[i + 1] == '\n')
        i++;
      i++;
      line++;
      g_ptr_array_add (records, rec);
      rec = NULL;
    }
  if (rec != NULL)
    g_ptr_array_add (records, rec);
  return g_steal_pointer (&records);
}

enum
{
  COL_SKU,
  COL_BARCODE,
  COL_NAME,
  COL_PRICE,
  COL_TAX,
  COL_CATEGORY,
  COL_STOCK,
  COL_OUTLET,
  N_COLS
};

static const char *col_names[N_COLS] = {
  "sku", "barcode", "name", "price", "tax_rate", "category", "stock", "outlet",
};

static int
column_for_header (const char *header)
{
  g_autofree char *h = g_ascii_strdown (header, -1);

  g_strstrip (h);
  for (char *p = h; *p; p++)
    if (*p == ' ' || *p == '-')
      *p = '_';
  if (g_str_equal (h, "tax") || g_str_equal (h, "tax_rate_percent") || g_str_equal (h, "vat"))
    return COL_TAX;
  if (g_str_equal (h, "qty") || g_str_equal (h, "quantity"))
    return COL_STOCK;
  if (g_str_equal (h, "outlet_id"))
    return COL_OUTLET;
  for (int c = 0; c < N_COLS; c++)
    if (g_str_equal (h, col_names[c]))
      return c;
  return -1;
}

static gboolean
parse_whole (const char *text,
             gint64      min,
             gint64      max,
             gint64     *out)
{
  return g_ascii_string_to_signed (text, 10, min, max, out, NULL);
}

/* "11", "11.5", "11.25", "11%" → basis points. */
static gboolean
parse_percent (const char *text,
               guint      *out_bp)
{
  g_autofree char *t = g_strstrip (g_strdup (text));
  gsize n = strlen (t);
  char *dot;
  guint64 whole = 0, frac = 0;

  if (n > 0 && t[n - 1] == '%')
    t[--n] = '\0';
  g_strstrip (t);
  if (*t == '\0')
    return FALSE;
  dot = strchr (t, '.');
  if (dot != NULL)
    {
      gsize nf = strlen (dot + 1);
      *dot = '\0';
      if (nf == 0 || nf > 2 || !g_ascii_string_to_unsigned (dot + 1, 10, 0, 99, &frac, NULL))
        return FALSE;
      if (nf == 1)
        frac *= 10;
    }
  if (!g_ascii_string_to_unsigned (t, 10, 0, 100, &whole, NULL))
    return FALSE;
  if (whole * 100 + frac > 10000)
    return FALSE;
  *out_bp = (guint) (whole * 100 + frac);
  return TRUE;
}

/* Maps each known column to its field index in the header (-1: absent). */
static gboolean
read_header (const CsvRecord  *header,
             int              *index,
             GError          **error)
{
  for (int c = 0; c < N_COLS; c++)
    index[c] = -1;
  for (guint f = 0; f < header->fields->len; f++)
    {
      const char *name = g_ptr_array_index (header->fields, f);
      int c = column_for_header (name);

      if (c < 0)
        {
          g_set_error (error, KASIR_SERVER_CATALOG_ERROR, KASIR_SERVER_CATALOG_ERROR_INVALID,
                       "line %u, column %u: unknown column '%s' (known: sku, barcode, name, price, "
                       "tax_rate, category, stock, outlet)", header->line, f + 1, name);
          return FALSE;
        }
      if (index[c] >= 0)
        {
          g_set_error (error, KASIR_SERVER_CATALOG_ERROR, KASIR_SERVER_CATALOG_ERROR_INVALID,
                       "line %u, column %u: column %s appears twice", header->line, f + 1, col_names[c]);
          return FALSE;
        }
      index[c] = (int) f;
    }
  for (int c = COL_SKU; c <= COL_TAX; c++)
    if (c != COL_BARCODE && index[c] < 0)
      {
        g_set_error (error, KASIR_SERVER_CATALOG_ERROR, KASIR_SERVER_CATALOG_ERROR_INVALID,
                     "line %u: the header lacks the required column %s", header->line, col_names[c]);
        return FALSE;
      }
  return TRUE;
}

static gboolean
present (const char *cell)
{
  return cell != NULL && *cell != '\0';
}

/* Checks the row's cells; NULL with *why set names the first bad column. Within the
 * protocol's bounds: a price or stock the tills cannot read would stop every till's
 * pull. */
static const char *
check_cells (const char          **cell,
             GHashTable           *skus,
             KasirServerImportRow *row,
             char                **why)
{
  if (*cell[COL_SKU] == '\0')
    return *why = g_strdup ("must not be empty"), "sku";
  if (g_hash_table_contains (skus, cell[COL_SKU]))
    return *why = g_strdup_printf ("SKU %s appears twice in the file", cell[COL_SKU]), "sku";
  if (*cell[COL_NAME] == '\0')
    return *why = g_strdup ("must not be empty"), "name";
  if (!parse_whole (cell[COL_PRICE], 0, KASIR_PROTOCOL_MAX_AMOUNT, &row->price))
    return *why = g_strdup_printf ("'%s' is not a whole amount from 0 to %" G_GINT64_FORMAT
                                   " in minor units", cell[COL_PRICE], KASIR_PROTOCOL_MAX_AMOUNT),
           "price";
  if (!parse_percent (cell[COL_TAX], &row->tax_rate_bp))
    return *why = g_strdup_printf ("'%s' is not a percentage from 0 to 100 with at most two "
                                   "decimals", cell[COL_TAX]), "tax_rate";
  if (present (cell[COL_BARCODE]) && !kasir_server_barcode_is_valid (cell[COL_BARCODE]))
    return *why = g_strdup_printf ("'%s' is not a valid EAN-13, EAN-8 or UPC-A code",
                                   cell[COL_BARCODE]), "barcode";
  if (present (cell[COL_STOCK])
      && !parse_whole (cell[COL_STOCK], -KASIR_PROTOCOL_MAX_QTY, KASIR_PROTOCOL_MAX_QTY, &row->stock))
    return *why = g_strdup_printf ("'%s' is not a whole number from %" G_GINT64_FORMAT " to %"
                                   G_GINT64_FORMAT, cell[COL_STOCK], -KASIR_PROTOCOL_MAX_QTY,
                                   KASIR_PROTOCOL_MAX_QTY), "stock";
  if (present (cell[COL_OUTLET]) && !parse_whole (cell[COL_OUTLET], 1, G_MAXINT64, &row->outlet_id))
    return *why = g_strdup_printf ("'%s' is not an outlet id", cell[COL_OUTLET]), "outlet";
  if (!present (cell[COL_STOCK]) && row->outlet_id != 0)
    return *why = g_strdup ("an outlet without a stock quantity"), "outlet";
  return NULL;
}

/* One data row; NULL with @error set when a cell breaks its rule. */
static KasirServerImportRow *
parse_row (const CsvRecord  *rec,
           const CsvRecord  *header,
           const int        *index,
           GHashTable       *skus,
           GError          **error)
{
  g_autoptr(KasirServerImportRow) row = g_new0 (KasirServerImportRow, 1);
  const char *cell[N_COLS] = { NULL };
  const char *bad_col;
  g_autofree char *why = NULL;

  if (rec->fields->len != header->fields->len)
    {
      g_set_error (error, KASIR_SERVER_CATALOG_ERROR, KASIR_SERVER_CATALOG_ERROR_INVALID,
                   "line %u: %u fields where the header has %u", rec->line, rec->fields->len,
                   header->fields->len);
      return NULL;
    }
  for (int c = 0; c < N_COLS; c++)
    if (index[c] >= 0)
      cell[c] = g_strstrip ((char *) g_ptr_array_index (rec->fields, index[c]));
  row->line = rec->line;
  bad_col = check_cells (cell, skus, row, &why);
  if (bad_col != NULL)
    {
      g_set_error (error, KASIR_SERVER_CATALOG_ERROR, KASIR_SERVER_CATALOG_ERROR_INVALID,
                   "line %u, column %s: %s", rec->line, bad_col, why);
      return NULL;
    }
  row->has_barcode = index[COL_BARCODE] >= 0;
  row->has_category = index[COL_CATEGORY] >= 0;
  row->sku = g_strdup (cell[COL_SKU]);
  row->name = g_strdup (cell[COL_NAME]);
  if (present (cell[COL_BARCODE]))
    row->barcode = g_strdup (cell[COL_BARCODE]);
  if (present (cell[COL_CATEGORY]))
    row->category = g_strdup (cell[COL_CATEGORY]);
  row->has_stock = present (cell[COL_STOCK]);
  return g_steal_pointer (&row);
}

GPtrArray *
kasir_server_catalog_parse_csv (const char  *data,
                                gsize        length,
                                GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_server_import_row_free);
  g_autoptr(GHashTable) skus = g_hash_table_new (g_str_hash, g_str_equal);
  int index[N_COLS];
  CsvRecord *header;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, KASIR_SERVER_CATALOG_ERROR, KASIR_SERVER_CATALOG_ERROR_INVALID,
                   "the file is not UTF-8 text");
      return NULL;
    }
  records = csv_split (data, length, error);
  if (records == NULL)
    return NULL;
  if (records->len == 0)
    {
      g_set_error (error, KASIR_SERVER_CATALOG_ERROR, KASIR_SERVER_CATALOG_ERROR_INVALID,
                   "line 1: the file is empty; it needs a header row");
      return NULL;
    }
  header = g_ptr_array_index (records, 0);
  if (!read_header (header, index, error))
    return NULL;
  for (guint r = 1; r < records->len; r++)
    {
      CsvRecord *rec = g_ptr_array_index (records, r);
      KasirServerImportRow *row;

      /* A completely empty line (often the last one) is skipped. */
      if (rec->fields->len == 1 && *(const char *) g_ptr_array_index (rec->fields, 0) == '\0')
        continue;
      row = parse_row (rec, header, index, skus, error);
      if (row == NULL)
        return NULL;
      g_hash_table_add (skus, row->sku);
      g_ptr_array_add (rows, row);
    }
  return g_steal_pointer (&rows);
}

/* ---- Demo ---- */

typedef struct
{
  const char *name;
  const char *sizes[5];
  gint64      base_price;       /* rupiah for the first size */
  const char *variants[6];
} DemoKind;

typedef struct
{
  const char *category;
  const char *brands[9];
  DemoKind    kinds[6];
} DemoCategory;

/* Fictional brands; product kinds, sizes and prices as a Jakarta minimarket shelf has
 * them. Prices include 11% VAT, as Indonesian shelf prices do. */
static const DemoCategory demo_catalog[] = {
  { "Minuman", { "Segar Jaya", "Tirta Alam", "Nusa Fresh", "Kebun Raya", "Sumber Rejeki", "Pelangi", "Samudra", "Merapi", NULL },
    { { "Air Mineral", { "330 ml", "600 ml", "1500 ml", NULL }, 3000, { "Original", "Alkali", NULL } },
      { "Teh Manis", { "250 ml", "350 ml", "500 ml", NULL }, 3500, { "Melati", "Apel", "Leci", NULL } },
      { "Kopi Susu", { "200 ml", "240 ml", NULL }, 6500, { "Original", "Gula Aren", "Moka", NULL } },
      { "Minuman Isotonik", { "350 ml", "500 ml", NULL }, 6000, { NULL } },
      { "Jus Buah", { "200 ml", "1 L", NULL }, 5500, { "Jeruk", "Jambu", "Mangga", "Apel", NULL } },
      { NULL } } },
  { "Makanan Ringan", { "Gurih Sari", "Kriuk Mas", "Pusaka", "Anak Bangsa", "Renyah", "Mentari", "Sinar Abadi", "Kencana", NULL },
    { { "Keripik Kentang", { "35 g", "68 g", "120 g", NULL }, 7500, { "Original", "Rumput Laut", "Balado", "Keju", NULL } },
      { "Keripik Singkong", { "60 g", "150 g", NULL }, 6000, { "Pedas", "Original", "Bawang", NULL } },
      { "Biskuit", { "100 g", "200 g", "300 g", NULL }, 8500, { "Kelapa", "Cokelat", "Susu", NULL } },
      { "Wafer", { "42 g", "110 g", NULL }, 4500, { "Cokelat", "Vanila", "Stroberi", NULL } },
      { "Kacang", { "70 g", "150 g", NULL }, 7000, { "Kulit", "Atom", "Mete", NULL } },
      { NULL } } },
  { "Mi Instan", { "Mi Sedap Rasa", "Nusa Mi", "Pak Tani", "Selera", "Sumber Rejeki", "Pelangi", "Samudra", "Merapi", NULL },
    { { "Mi Goreng", { "85 g", "5 x 85 g", NULL }, 3200, { "Original", "Pedas", "Rendang", "Ayam Geprek", NULL } },
      { "Mi Kuah", { "75 g", "5 x 75 g", NULL }, 3000, { "Ayam Bawang", "Soto", "Kari Ayam", "Baso", NULL } },
      { "Mi Cup", { "60 g", NULL }, 5500, { "Ayam", "Seafood", "Kari", NULL } },
      { NULL } } },
  { "Susu & Olahan", { "Sapi Murni", "Lembang", "Nusa Susu", "Kencana", "Lestari", "Tunas Muda", "Garuda Emas", "Cahaya", NULL },
    { { "Susu UHT", { "125 ml", "200 ml", "1 L", NULL }, 3500, { "Full Cream", "Cokelat", "Stroberi", "Rendah Lemak", NULL } },
      { "Susu Kental Manis", { "370 g", "545 g", NULL }, 11000, { "Putih", "Cokelat", NULL } },
      { "Yogurt", { "100 g", "500 g", NULL }, 8000, { "Plain", "Stroberi", "Blueberry", NULL } },
      { "Keju Cheddar", { "165 g", NULL }, 19500, { NULL } },
      { NULL } } },
  { "Kebutuhan Dapur", { "Dapur Ibu", "Cap Bintang", "Sari Tani", "Raja Rasa", "Sumber Rejeki", "Pelangi", "Samudra", "Merapi", NULL },
    { { "Minyak Goreng", { "1 L", "2 L", NULL }, 18500, { "Sawit", "Kelapa", NULL } },
      { "Gula Pasir", { "500 g", "1 kg", NULL }, 9000, { "Putih", "Kristal", NULL } },
      { "Kecap Manis", { "135 ml", "275 ml", "520 ml", NULL }, 6500, { NULL } },
      { "Saus Sambal", { "135 ml", "340 ml", NULL }, 7500, { "Original", "Extra Pedas", NULL } },
      { "Tepung Terigu", { "500 g", "1 kg", NULL }, 7500, { "Protein Sedang", "Protein Tinggi", NULL } },
      { "Bumbu Instan", { "45 g", NULL }, 4500, { "Nasi Goreng", "Rendang", "Opor", "Soto", "Sayur Asem", NULL } } } },
  { "Perawatan Diri", { "Harum Sari", "Bersih", "Melati Putih", "Nusa Care", "Sumber Rejeki", "Pelangi", "Samudra", "Merapi", NULL },
    { { "Sabun Mandi", { "85 g", "450 ml", NULL }, 4000, { "Sereh", "Susu", "Zaitun", NULL } },
      { "Sampo", { "70 ml", "170 ml", "340 ml", NULL }, 9500, { "Anti Ketombe", "Lidah Buaya", "Ginseng", NULL } },
      { "Pasta Gigi", { "75 g", "190 g", NULL }, 7500, { "Herbal", "Siwak", "Whitening", NULL } },
      { "Sikat Gigi", { "1 pcs", "3 pcs", NULL }, 6000, { "Soft", "Medium", NULL } },
      { NULL } } },
  { "Kebersihan Rumah", { "Kilau", "Bersinar", "Rumah Sehat", "Kencana", "Lestari", "Tunas Muda", "Garuda Emas", "Cahaya", NULL },
    { { "Deterjen Bubuk", { "800 g", "1.8 kg", NULL }, 19000, { "Lavender", "Bunga Matahari", NULL } },
      { "Sabun Cuci Piring", { "400 ml", "780 ml", NULL }, 9000, { "Jeruk Nipis", "Lemon", NULL } },
      { "Pewangi Pakaian", { "800 ml", "1.6 L", NULL }, 14000, { "Floral", "Sakura", "Pink", NULL } },
      { "Pembersih Lantai", { "800 ml", NULL }, 12000, { "Lavender", "Sereh", "Apel", NULL } },
      { NULL } } },
  { "Roti & Sarapan", { "Roti Mas", "Pagi Cerah", "Oma", "Kencana", "Lestari", "Tunas Muda", "Garuda Emas", "Cahaya", NULL },
    { { "Roti Tawar", { "370 g", "600 g", NULL }, 14500, { "Original", "Gandum", "Kupas", NULL } },
      { "Roti Isi", { "1 pcs", NULL }, 5500, { "Cokelat", "Keju", "Srikaya", "Kacang", NULL } },
      { "Sereal", { "170 g", "330 g", NULL }, 23000, { "Cokelat", "Madu", NULL } },
      { "Selai", { "170 g", "330 g", NULL }, 16000, { "Stroberi", "Nanas", "Kacang", NULL } },
      { NULL } } },
  { "Makanan Beku", { "Beku Prima", "Nugget Jaya", "Samudra", "Merapi", "Bunga Desa", "Mentari", "Sinar Abadi", "Kencana", NULL },
    { { "Nugget Ayam", { "250 g", "500 g", NULL }, 28000, { "Original", "Stik", "Dino", NULL } },
      { "Sosis Sapi", { "300 g", "500 g", NULL }, 26000, { "Original", "Keju", NULL } },
      { "Bakso Sapi", { "250 g", "500 g", NULL }, 24000, { NULL } },
      { "Es Krim", { "60 ml", "700 ml", NULL }, 5000, { "Vanila", "Cokelat", "Stroberi", "Kacang Hijau", NULL } },
      { NULL } } },
  { "Bayi & Anak", { "Si Kecil", "Buah Hati", "Samudra", "Merapi", "Bunga Desa", "Mentari", "Sinar Abadi", "Kencana", NULL },
    { { "Popok Celana", { "M 20", "L 18", "XL 16", NULL }, 42000, { NULL } },
      { "Tisu Basah", { "50 lbr", "80 lbr", NULL }, 12000, { "Tanpa Pewangi", "Aloe Vera", NULL } },
      { "Bubur Bayi", { "120 g", NULL }, 9500, { "Beras Merah", "Pisang", "Ayam", NULL } },
      { NULL } } },
  { "Kesehatan", { "Sehat Selalu", "Jamu Ibu", "Samudra", "Merapi", "Bunga Desa", "Mentari", "Sinar Abadi", "Kencana", NULL },
    { { "Minyak Kayu Putih", { "30 ml", "60 ml", "120 ml", NULL }, 12000, { NULL } },
      { "Vitamin C", { "10 tab", "30 tab", NULL }, 9000, { "Jeruk", "Anggur", NULL } },
      { "Minuman Herbal", { "1 sachet", "5 sachet", NULL }, 3000, { "Jahe", "Kunyit Asam", "Beras Kencur", NULL } },
      { "Plester Luka", { "10 pcs", NULL }, 5000, { NULL } },
      { NULL } } },
  { "Alat Tulis & Rumah", { "Pena Emas", "Serba Guna", "Samudra", "Merapi", "Bunga Desa", "Mentari", "Sinar Abadi", "Kencana", NULL },
    { { "Buku Tulis", { "38 lbr", "58 lbr", NULL }, 4500, { NULL } },
      { "Pulpen", { "1 pcs", "12 pcs", NULL }, 3000, { "Hitam", "Biru", "Merah", NULL } },
      { "Baterai AA", { "2 pcs", "4 pcs", NULL }, 9000, { NULL } },
      { "Tisu Wajah", { "250 lbr", NULL }, 13500, { NULL } },
      { "Korek Api", { "1 pcs", NULL }, 2500, { NULL } },
      { NULL } } },
};

static const char *demo_first_names[] = {
  "Andi", "Ayu", "Bayu", "Citra", "Dian", "Eko", "Fajar", "Fitri", "Gilang", "Hana", "Indah",
  "Irfan", "Kartika", "Lina", "Made", "Nanda", "Putri", "Rizki", "Sari", "Teguh", "Wahyu",
  "Yuni", "Zahra", "Bambang",
};

static const char *demo_last_names[] = {
  "Pratama", "Saputra", "Wulandari", "Hidayat", "Nugroho", "Lestari", "Setiawan", "Permata",
  "Siregar", "Halim", "Gunawan", "Utami", "Kusuma", "Harahap", "Simanjuntak",
};

static const struct
{
  gint64      outlet;
  const char *name;
  const char *role;
} demo_staff[] = {
  { 1, "Siti Rahayu", "manager" },
  { 1, "Budi Santoso", "cashier" },
  { 1, "Dewi Lestari", "cashier" },
  { 2, "Agus Wijaya", "manager" },
  { 2, "Rina Kurniawati", "cashier" },
  { 2, "Joko Susilo", "cashier" },
};

/* Rounds a shelf price to the 100 rupiah the way shops do (500 above 10,000). */
static gint64
shelf_price (gint64 raw)
{
  gint64 step = raw >= 10000 ? 500 : 100;

  return MAX (step, ((raw + step / 2) / step) * step);
}

static void
free_staff (KasirServerNewStaff *s)
{
  g_free (s->name);
  g_free (s->role);
  g_free (s->pin_hash);
  g_free (s);
}

static void
free_customer (KasirServerNewCustomer *c)
{
  g_free (c->name);
  g_free (c->phone);
  g_free (c->email);
  g_free (c);
}

void
kasir_server_demo_data_free (KasirServerDemoData *demo)
{
  if (demo == NULL)
    return;
  g_clear_pointer (&demo->outlets, g_ptr_array_unref);
  g_clear_pointer (&demo->products, g_ptr_array_unref);
  g_clear_pointer (&demo->stock, g_ptr_array_unref);
  g_clear_pointer (&demo->staff, g_ptr_array_unref);
  g_clear_pointer (&demo->customers, g_ptr_array_unref);
  g_free (demo);
}
/* The demo catalog: every brand, kind, size and variant, with stock at both outlets.
 * Returns how many products it made. */
static guint
demo_products (KasirServerDemoData *demo,
               GRand               *rand)
{
  guint n = 0;

  for (guint c = 0; c < G_N_ELEMENTS (demo_catalog); c++)
    {
      const DemoCategory *cat = &demo_catalog[c];

      for (guint k = 0; k < G_N_ELEMENTS (cat->kinds) && cat->kinds[k].name != NULL; k++)
        {
          const DemoKind *kind = &cat->kinds[k];

          for (guint b = 0; b < G_N_ELEMENTS (cat->brands) && cat->brands[b] != NULL; b++)
            {
              /* A brand's price level stays the same across its products. */
              double brand_factor = 0.85 + 0.1 * ((c * 7 + b * 3) % 5);

              for (guint s = 0; s < G_N_ELEMENTS (kind->sizes) && kind->sizes[s] != NULL; s++)
                {
                  guint n_variants = 0;

                  while (n_variants < G_N_ELEMENTS (kind->variants) && kind->variants[n_variants] != NULL)
                    n_variants++;
                  for (guint v = 0; v < MAX (n_variants, 1); v++)
                    {
                      KasirServerImportRow *row = g_new0 (KasirServerImportRow, 1);
                      char digits[14];
                      double size_factor = 1.0 + 1.1 * s;
                      gint64 raw = (gint64) (kind->base_price * brand_factor * size_factor
                                             * (0.95 + g_rand_double (rand) * 0.1));

                      n++;
                      /* 899 is Indonesia's GS1 prefix; a company number per brand, then the
                       * item number, then the check digit. */
                      g_snprintf (digits, sizeof digits, "899%02u%02u%05u", c + 10, b + 10, n);
                      digits[12] = '0' + gs1_check_digit (digits, 12);
                      digits[13] = '\0';
                      row->line = n;
                      row->sku = g_strdup_printf ("KM-%05u", n);
                      row->has_barcode = TRUE;
                      row->has_category = TRUE;
                      row->barcode = g_strdup (digits);
                      row->name = n_variants > 0
                        ? g_strdup_printf ("%s %s %s %s", cat->brands[b], kind->name, kind->variants[v],
                                           kind->sizes[s])
                        : g_strdup_printf ("%s %s %s", cat->brands[b], kind->name, kind->sizes[s]);
                      row->price = shelf_price (raw);
                      row->tax_rate_bp = 1100;
                      row->category = g_strdup (cat->category);
                      g_ptr_array_add (demo->products, row);

                      for (gint64 o = 1; o <= 2; o++)
                        {
                          KasirStock *st = kasir_stock_new ();
                          st->product_id = n;
                          st->outlet_id = o;
                          /* Mostly stocked shelves, some nearly empty ones. */
                          st->qty = g_rand_int_range (rand, 0, 10) == 0
                                    ? g_rand_int_range (rand, 0, 3) : g_rand_int_range (rand, 6, 120);
                          g_ptr_array_add (demo->stock, st);
                        }
                    }
                }
            }
        }
    }
  return n;
}

/* The demo staff, each with a random PIN written to @lines for the person who runs the
 * demo (and nowhere else). */
static gboolean
demo_people (KasirServerDemoData  *demo,
             GPtrArray            *lines,
             GError              **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_staff); i++)
    {
      KasirServerNewStaff *s = g_new0 (KasirServerNewStaff, 1);
      char pin[5];

      g_snprintf (pin, sizeof pin, "%04u", (guint) randombytes_uniform (10000));
      s->outlet_id = demo_staff[i].outlet;
      s->name = g_strdup (demo_staff[i].name);
      s->role = g_strdup (demo_staff[i].role);
      s->pin_hash = kasir_pin_hash (pin, error);
      if (s->pin_hash == NULL)
        {
          free_staff (s);
          sodium_memzero (pin, sizeof pin);
          return FALSE;
        }
      g_ptr_array_add (demo->staff, s);
      g_ptr_array_add (lines, g_strdup_printf ("staff %s (%s, outlet %" G_GINT64_FORMAT ") PIN %s",
                                               s->name, s->role, s->outlet_id, pin));
      sodium_memzero (pin, sizeof pin);
    }
  return TRUE;
}

static void
demo_customers (KasirServerDemoData *demo,
                GRand               *rand)
{
  for (guint i = 0; i < 200; i++)
    {
      KasirServerNewCustomer *c = g_new0 (KasirServerNewCustomer, 1);
      const char *first = demo_first_names[i % G_N_ELEMENTS (demo_first_names)];
      const char *last = demo_last_names[(i / 3 + i) % G_N_ELEMENTS (demo_last_names)];
      g_autofree char *lower_first = g_ascii_strdown (first, -1);
      g_autofree char *lower_last = g_ascii_strdown (last, -1);

      c->outlet_id = 1 + i % 2;
      c->name = g_strdup_printf ("%s %s", first, last);
      c->phone = g_strdup_printf ("08%02u%08u", 11 + g_rand_int_range (rand, 0, 89),
                                  (guint) g_rand_int_range (rand, 0, 99999999));
      c->email = g_strdup_printf ("%s.%s%u@example.com", lower_first, lower_last, i + 1);
      c->loyalty_points = g_rand_int_range (rand, 0, 50) * 100;
      g_ptr_array_add (demo->customers, c);
    }
}


KasirServerDemoData *
kasir_server_demo_generate (GPtrArray **pin_lines,
                            GError    **error)
{
  g_autoptr(KasirServerDemoData) demo = g_new0 (KasirServerDemoData, 1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  guint n = 0;

  demo->outlets = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (demo->outlets, g_strdup ("Kasir Mart Kemang"));
  g_ptr_array_add (demo->outlets, g_strdup ("Kasir Mart Depok"));
  demo->products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_server_import_row_free);
  demo->stock = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_stock_free);
  demo->staff = g_ptr_array_new_with_free_func ((GDestroyNotify) free_staff);
  demo->customers = g_ptr_array_new_with_free_func ((GDestroyNotify) free_customer);

  n = demo_products (demo, rand);
  g_assert (n >= 2000);
  if (!demo_people (demo, lines, error))
    return NULL;
  demo_customers (demo, rand);

  if (pin_lines != NULL)
    *pin_lines = g_steal_pointer (&lines);
  return g_steal_pointer (&demo);
}
