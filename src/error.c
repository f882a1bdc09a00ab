#include "iki/error.h"

#include "iki/diag.h"
#include "iki/msg.h"

static const char *const messages[IKI_ERROR_SENTINEL] = {
    [IKI_OK] = IKI_MSG("no error"),
    [IKI_ERROR_NOMEM] = IKI_MSG("out of memory"),
    [IKI_ERROR_IO] = IKI_MSG("cannot read file"),
    [IKI_ERROR_NOT_SPREADSHEET] = IKI_MSG("not a spreadsheet (xls, xlsx, ods or csv)"),
    [IKI_ERROR_ENCRYPTED] = IKI_MSG("workbook is encrypted or password-protected"),
    [IKI_ERROR_TRUNCATED] = IKI_MSG("file is truncated"),
    [IKI_ERROR_CORRUPT] = IKI_MSG("file is corrupt"),
    [IKI_ERROR_UNSUPPORTED] = IKI_MSG("unsupported file variant"),
    [IKI_ERROR_XML] = IKI_MSG("XML error"),
    [IKI_ERROR_LIMIT] = IKI_MSG("safety limit exceeded"),
    [IKI_ERROR_ENCODING] = IKI_MSG("text encoding error"),
    [IKI_ERROR_NO_SUCH_SHEET] = IKI_MSG("no such sheet"),
    [IKI_ERROR_USAGE] = IKI_MSG("invalid use of the library"),
    [IKI_ERROR_TEMPLATE] = IKI_MSG("invalid template"),
};

const char *iki_strerror(iki_error code)
{
    if ((int)code < 0 || code >= IKI_ERROR_SENTINEL || !messages[code])
        return IKI_MSG("unknown error");
    return messages[code];
}

/* The diagnostic code of a file or sheet that could not be read for e. */
static const char *const read_codes[IKI_ERROR_SENTINEL] = {
    [IKI_OK] = IKI_CODE("read_error"),
    [IKI_ERROR_NOMEM] = IKI_CODE("read_nomem"),
    [IKI_ERROR_IO] = IKI_CODE("read_io"),
    [IKI_ERROR_NOT_SPREADSHEET] = IKI_CODE("read_not_spreadsheet"),
    [IKI_ERROR_ENCRYPTED] = IKI_CODE("read_encrypted"),
    [IKI_ERROR_TRUNCATED] = IKI_CODE("read_truncated"),
    [IKI_ERROR_CORRUPT] = IKI_CODE("read_corrupt"),
    [IKI_ERROR_UNSUPPORTED] = IKI_CODE("read_unsupported"),
    [IKI_ERROR_XML] = IKI_CODE("read_xml"),
    [IKI_ERROR_LIMIT] = IKI_CODE("read_limit"),
    [IKI_ERROR_ENCODING] = IKI_CODE("read_encoding"),
    [IKI_ERROR_NO_SUCH_SHEET] = IKI_CODE("read_no_such_sheet"),
    [IKI_ERROR_USAGE] = IKI_CODE("read_error"),
    [IKI_ERROR_TEMPLATE] = IKI_CODE("read_error"),
};

const char *iki_error_read_code(iki_error code)
{
    if ((int)code < 0 || code >= IKI_ERROR_SENTINEL || !read_codes[code])
        return IKI_CODE("read_error");
    return read_codes[code];
}
