# Messages of the CLI in Indonesian (GNU gettext; libintl is in glibc, the
# tools come from the Debian package `gettext`).
#
#   po/id.po --msgfmt--> ${CMAKE_BINARY_DIR}/locale/id/LC_MESSAGES/iki.mo
#   installed as ${CMAKE_INSTALL_LOCALEDIR}/id/LC_MESSAGES/iki.mo
#
# The CLI looks for the catalog in $IKI_LOCALEDIR, then the build tree's
# locale folder, then the install prefix's (both compiled in), then
# /usr/local/share/locale and /usr/share/locale (src/cli/i18n.c), so the
# tests and an installed binary both find it.  po/update.sh regenerates
# po/iki.pot and merges po/id.po.
#
# Include after the `iki` target exists.
include(GNUInstallDirs)
find_program(MSGFMT_EXECUTABLE msgfmt)
set(IKI_LOCALEDIR_BUILD ${CMAKE_BINARY_DIR}/locale)
set(IKI_LINGUAS id)

target_compile_definitions(iki PRIVATE
  IKI_LOCALEDIR_BUILD="${IKI_LOCALEDIR_BUILD}"
  IKI_LOCALEDIR_INSTALL="${CMAKE_INSTALL_FULL_LOCALEDIR}")

if(MSGFMT_EXECUTABLE)
  set(IKI_MO_FILES)
  foreach(lang ${IKI_LINGUAS})
    set(mo ${IKI_LOCALEDIR_BUILD}/${lang}/LC_MESSAGES/iki.mo)
    add_custom_command(
      OUTPUT ${mo}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${IKI_LOCALEDIR_BUILD}/${lang}/LC_MESSAGES
      COMMAND ${MSGFMT_EXECUTABLE} --check -o ${mo} ${CMAKE_SOURCE_DIR}/po/${lang}.po
      DEPENDS ${CMAKE_SOURCE_DIR}/po/${lang}.po
      COMMENT "Compiling po/${lang}.po")
    list(APPEND IKI_MO_FILES ${mo})
    install(FILES ${mo} DESTINATION ${CMAKE_INSTALL_LOCALEDIR}/${lang}/LC_MESSAGES)
  endforeach()
  add_custom_target(iki-translations ALL DEPENDS ${IKI_MO_FILES})
  add_dependencies(iki iki-translations)
else()
  message(WARNING "msgfmt not found (Debian package gettext): the CLI will speak "
                  "English only and the e2e.language test will fail")
endif()
