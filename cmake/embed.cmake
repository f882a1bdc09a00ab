# cmake -DIN=file.yaml -DOUT=file.c -P embed.cmake
# Writes `const char iki_builtin_template_yaml[]` (NUL-terminated) and its
# length, so the built-in template needs no file at run time.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR len "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" body "${body}")
file(WRITE "${OUT}" "/* Generated from ${IN} by cmake/embed.cmake; do not edit. */\n#include <stddef.h>\nconst char iki_builtin_template_yaml[] = {\n${body}0x00};\nconst size_t iki_builtin_template_yaml_len = ${len};\n")
