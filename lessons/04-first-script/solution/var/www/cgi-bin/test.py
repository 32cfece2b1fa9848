#!/usr/bin/env python
# -*- coding: UTF-8 -*-
# enable debugging
import cgitb; cgitb.enable()
print("Content-Type: text/plain;charset=utf-8")
print()                      # the blank line that ends the headers
print("This is a test")
