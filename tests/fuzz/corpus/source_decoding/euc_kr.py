# -*- coding: euc-kr -*-
x = 1
