/* TEMPORARY placeholder while the module is written; replaced before commit. */
#include "internal.h"
static iki_error p_open(iki_reader *r) { return reader_fail(r, IKI_ERROR_UNSUPPORTED, "ods reader missing"); }
static iki_error p_open_sheet(iki_reader *r, size_t i) { (void)r; (void)i; return IKI_ERROR_UNSUPPORTED; }
static iki_error p_next(iki_reader *r, rowbuf *rb, int *h) { (void)r; (void)rb; *h = 0; return IKI_OK; }
static void p_close(iki_reader *r) { (void)r; }
const iki_format_ops iki_ods_ops = {IKI_FORMAT_UNKNOWN, p_open, p_open_sheet, p_next, p_close};
