#!/bin/bash
# Sourced by rig jobs inside the VM: USB gadgets on dummy_hcd, as a Pi's USB ports would see them.
#   gadgets_load                    loads dummy_hcd (two UDCs), the gadget functions and host drivers
#   gadget_scanner                  a HID boot keyboard 1d6b:0104 "Barcode Scanner" on dummy_udc.0
#   gadget_printer                  a printer-class device 0525:a4a8 "Thermal Printer" on dummy_udc.1
#   gadget_unplug NAME / gadget_plug NAME UDC   unbinds and binds again (a cable pulled and pushed)
gadgets_load() {
  local m="modprobe -d $RIG/kmod"
  $m configfs
  mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
  $m dummy_hcd num=2 && $m libcomposite && $m usb_f_hid && $m usb_f_printer && $m usbhid && $m hid-generic \
    && $m evdev && $m usblp
}

gadget_new() { # NAME VID PID PRODUCT
  local g=/sys/kernel/config/usb_gadget/$1
  mkdir "$g"
  echo "$2" > "$g/idVendor"; echo "$3" > "$g/idProduct"; echo 0x0100 > "$g/bcdDevice"; echo 0x0200 > "$g/bcdUSB"
  mkdir "$g/strings/0x409"; echo OpenSpaceRig > "$g/strings/0x409/manufacturer"
  echo "$4" > "$g/strings/0x409/product"; echo 0001 > "$g/strings/0x409/serialnumber"
  mkdir -p "$g/configs/c.1/strings/0x409"; echo "$4" > "$g/configs/c.1/strings/0x409/configuration"
  echo 100 > "$g/configs/c.1/MaxPower"
}

gadget_scanner() {
  gadget_new scanner 0x1d6b 0x0104 "Barcode Scanner"
  local f=/sys/kernel/config/usb_gadget/scanner/functions/hid.usb0
  mkdir "$f"
  echo 1 > "$f/protocol"; echo 1 > "$f/subclass"; echo 8 > "$f/report_length"
  # The boot keyboard report descriptor (HID 1.11, appendix B.1).
  echo 05010906a101050719e029e71500250175019508810295017508810395057501050819012905910295017503910395067508150025650507190029658100c0 \
    | xxd -r -p > "$f/report_desc"
  ln -s "$f" /sys/kernel/config/usb_gadget/scanner/configs/c.1/
  gadget_plug scanner dummy_udc.0
}

gadget_printer() {
  gadget_new printer 0x0525 0xa4a8 "Thermal Printer"
  local f=/sys/kernel/config/usb_gadget/printer/functions/printer.usb0
  mkdir "$f"
  echo "MFG:OpenSpaceRig;MDL:TM-Virtual;CMD:ESC/POS;CLS:PRINTER;" > "$f/pnp_string"; echo 10 > "$f/q_len"
  ln -s "$f" /sys/kernel/config/usb_gadget/printer/configs/c.1/
  gadget_plug printer dummy_udc.1
}

gadget_unplug() { echo "" > "/sys/kernel/config/usb_gadget/$1/UDC"; }
gadget_plug() { echo "$2" > "/sys/kernel/config/usb_gadget/$1/UDC"; }
