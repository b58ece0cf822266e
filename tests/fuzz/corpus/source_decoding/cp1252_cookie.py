# coding: cp1252
price = "€ 5"
