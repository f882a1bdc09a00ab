#include "iki/error.h"

static const char *const messages[IKI_ERROR_SENTINEL] = {
    [IKI_OK] = "no error",
    [IKI_ERROR_NOMEM] = "out of memory",
    [IKI_ERROR_IO] = "cannot read file",
    [IKI_ERROR_NOT_SPREADSHEET] = "not a spreadsheet (xls, xlsx, ods or csv)",
    [IKI_ERROR_ENCRYPTED] = "workbook is encrypted or password-protected",
    [IKI_ERROR_TRUNCATED] = "file is truncated",
    [IKI_ERROR_CORRUPT] = "file is corrupt",
    [IKI_ERROR_UNSUPPORTED] = "unsupported file variant",
    [IKI_ERROR_XML] = "XML error",
    [IKI_ERROR_LIMIT] = "safety limit exceeded",
    [IKI_ERROR_ENCODING] = "text encoding error",
    [IKI_ERROR_NO_SUCH_SHEET] = "no such sheet",
    [IKI_ERROR_USAGE] = "invalid use of the library",
    [IKI_ERROR_TEMPLATE] = "invalid template",
};

const char *iki_strerror(iki_error code)
{
    if ((int)code < 0 || code >= IKI_ERROR_SENTINEL || !messages[code])
        return "unknown error";
    return messages[code];
}
