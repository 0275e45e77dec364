# lab.mk - included by every lab's Makefile (labs/NN-name/Makefile).
#   make grade [SUBMISSION=DIR] [RESULTS=DIR]   grade the tree, or a submission
GRADER := $(dir $(lastword $(MAKEFILE_LIST)))
.PHONY: grade
grade:
	@/usr/bin/python3 $(GRADER)grade.py --lab $(CURDIR) \
	  $(if $(SUBMISSION),--submission $(SUBMISSION)) $(if $(RESULTS),--results $(RESULTS))
